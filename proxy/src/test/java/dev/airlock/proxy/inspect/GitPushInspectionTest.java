package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.normalize.git.TestRepository;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.server.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A git push is judged on the files and messages of its pack, which cannot be redacted. */
class GitPushInspectionTest {
  private static final AgentContext AGENT = new AgentContext("a", "default", null);
  private final RequestInspector inspector = new RequestInspector(ToolCatalog.load(null),
      new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of("example.com"), Set.of("acme")));

  @TempDir Path dir;
  private TestRepository repo;

  @BeforeEach
  void open() {
    repo = new TestRepository(dir.resolve("repo.git"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aKeyInAPushedFileIsAFindingOutsideTheBody() {
    Inspection in = inspector.inspect(push(Map.of("settings.py", "AWS_KEY = 'AKIAIOSFODNN7EXAMPLE'\n")));

    assertThat(in.call().operation()).isEqualTo("git_push");
    assertThat(in.bodyText()).isEmpty();
    assertThat(in.bodyFindings()).isEmpty();
    assertThat(in.otherFindings()).extracting(Finding::detectorId).containsExactly("SECRETS.aws_access_key");
    assertThat(in.facts().findings()).extracting(Finding::detectorId).containsExactly("SECRETS.aws_access_key");
  }

  @Test
  void theStarterPoliciesDenyAPushedSecretAndAllowACleanPush() throws Exception {
    InspectingDecider decider = new InspectingDecider(inspector, StarterPolicies.engine(), new Redactor());

    Verdict leak = decider.decide(push(Map.of("settings.py", "AWS_KEY = 'AKIAIOSFODNN7EXAMPLE'\n")), AGENT);
    Verdict clean = decider.decide(push(Map.of("README.md", "# app\n")), AGENT);

    assertThat(leak.enforced()).isEqualTo(Action.DENY);
    assertThat(leak.decision().reasons()).containsExactly("SECRET_DETECTED");
    assertThat(leak.dataClasses()).containsExactly("SECRETS.aws_access_key");
    assertThat(leak.call().gitPush().packTexts()).as("texts are dropped once scanned").isEmpty();
    assertThat(leak.call().gitPush().refUpdates()).hasSize(1);
    assertThat(clean.enforced()).isEqualTo(Action.ALLOW);
    assertThat(clean.dataClasses()).isEmpty();
  }

  @Test
  void sanitizingAPushIsRefusedRatherThanForwardingTheSecret() {
    InspectingDecider decider = new InspectingDecider(inspector, StarterPolicies.engine(List.of(PolicyParser.parse("""
        {"name": "redact-secrets", "rules": [{"id": "redact", "condition": {"data_class_any": ["SECRETS"]},
          "action": "SANITIZE", "redact": ["SECRETS"], "reason": "SECRET_REDACTED"}]}"""))), new Redactor());

    Verdict v = decider.decide(push(Map.of("settings.py", "AWS_KEY = 'AKIAIOSFODNN7EXAMPLE'\n")), AGENT);
    Verdict clean = decider.decide(push(Map.of("README.md", "# app\n")), AGENT);

    assertThat(v.decision().action()).isEqualTo(Action.DENY);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("SECRET_REDACTED", InspectingDecider.CANNOT_SANITIZE_GIT_PUSH);
    assertThat(v.redactedBody()).isNull();
    assertThat(clean.enforced()).isEqualTo(Action.ALLOW);
  }

  private InspectedRequest push(Map<String, String> files) {
    ObjectId c = repo.commit("change", files);
    byte[] body = TestRepository.receivePackBody(RefUpdate.ZERO_ID, c.name(), "refs/heads/main",
        repo.pack(Set.of(c), Set.of(), true, true).bytes());
    return new InspectedRequest("https", "github.com", 443, "POST", "/acme/app.git/git-receive-pack", null,
        Map.of("content-type", List.of("application/x-git-receive-pack-request")), body, true);
  }
}
