package dev.airlock.proxy.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever the agent sends, the catalog names a tool and an operation and never throws. */
class NormalizeRobustnessTest {
  private static final List<String> HOSTS = List.of("slack.com", "api.github.com", "github.com",
      "acme.atlassian.net", "api.openai.com", "git.example.org", "unknown.example");
  private static final List<String> PATHS = List.of("/", "/api/", "/api/chat.postMessage",
      "/graphql", "/a/b.git/git-receive-pack", "/a/b/info/refs", "/rest/api/3/issue", "//",
      "/v1/messages", "/%zz", "/notes.v1.Notes/CreateNote", "/a.b/C/D", "/.x/Y");
  private static final List<String> TYPES = List.of("application/json",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
      "application/x-git-receive-pack-request", "application/grpc", "application/grpc+json", "");

  @Test
  void randomBodiesAlwaysYieldACall() {
    ToolCatalog catalog = ToolCatalog.load(null);
    Random random = new Random(7);
    for (int i = 0; i < 3000; i++) {
      byte[] body = new byte[random.nextInt(300)];
      random.nextBytes(body);
      if (random.nextBoolean() && body.length > 0) {
        body[0] = '{';
      }
      InspectedRequest req = new InspectedRequest("https", pick(HOSTS, random), 443,
          random.nextBoolean() ? "POST" : "GET", pick(PATHS, random),
          random.nextBoolean() ? null : "service=git-receive-pack&channel=%",
          Map.of("content-type", List.of(pick(TYPES, random))), body, true);

      ToolCall call = catalog.normalize(req);

      assertThat(call.tool()).isNotBlank();
      assertThat(call.operation()).isNotBlank();
    }
  }

  private static String pick(List<String> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }
}
