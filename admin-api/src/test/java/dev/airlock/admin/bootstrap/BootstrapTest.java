package dev.airlock.admin.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.store.ParserPolicyValidator;
import dev.airlock.admin.store.StoreException;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.StoredPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTest extends StoreTestBase {
  @TempDir Path data;
  @TempDir Path policies;

  BootstrapTest() {
    super(Seed.EMPTY);
  }

  @BeforeEach
  void clean() throws IOException {
    Files.writeString(policies.resolve("10-secrets.json"),
        "{\"name\":\"block-secrets\",\"rules\":[{\"id\":\"deny\",\"action\":\"DENY\"}]}");
    Files.writeString(policies.resolve("20-approvals.yaml"),
        "name: approvals\nenv_names: [production]\nrules:\n  - id: push\n    action: REQUIRE_APPROVAL\n");
    Files.writeString(policies.resolve("README.md"), "not a policy");
  }

  @Test
  void firstStartCreatesEverythingAndLaterStartsReuseIt() throws IOException {
    Bootstrap bootstrap = new Bootstrap(data, store, new ParserPolicyValidator(new com.fasterxml.jackson.databind.ObjectMapper()));
    BootstrapResult first = bootstrap.run(policies, new Endpoints("127.0.0.1", 3128, "127.0.0.1", 3180));

    assertThat(first.firstStart()).isTrue();
    assertThat(first.loadedPolicies()).containsExactly("10-secrets.json", "20-approvals.yaml");
    assertThat(store.environments().find("default")).isPresent();
    assertThat(store.policies().loadAllCurrent()).extracting(StoredPolicy::name)
        .containsExactlyInAnyOrder("block-secrets", "approvals");
    String key = first.newAgentKey().orElseThrow();
    String token = first.newAdminToken().orElseThrow();
    assertThat(first.toString()).doesNotContain(key).doesNotContain(token);
    assertThat(store.agents().authenticate("local-agent", key)).isPresent();
    assertThat(store.adminTokens().roleOf(token)).contains("owner");
    assertThat(Files.readString(first.adminTokenFile()).trim()).isEqualTo(token);
    assertOwnerOnly(first.adminTokenFile());
    assertOwnerOnly(first.quickstartFile());
    String ca = data.toAbsolutePath().resolve("ca/ca.pem").toString();
    assertThat(Files.readAllLines(first.quickstartFile())).contains(
        "export HTTPS_PROXY=http://local-agent:" + key + "@127.0.0.1:3128",
        "export HTTP_PROXY=http://local-agent:" + key + "@127.0.0.1:3128",
        "export https_proxy=http://local-agent:" + key + "@127.0.0.1:3128",
        "export http_proxy=http://local-agent:" + key + "@127.0.0.1:3128",
        "export SSL_CERT_FILE=" + ca,
        "export REQUESTS_CA_BUNDLE=" + ca,
        "export NODE_EXTRA_CA_CERTS=" + ca,
        "export AIRLOCK_ADMIN_TOKEN=" + token,
        "export AIRLOCK_URL=http://127.0.0.1:3180");

    // Second start on other ports: no new secrets, same agent and token, key kept in the file.
    BootstrapResult second = bootstrap.run(policies, new Endpoints("0.0.0.0", 4128, "127.0.0.1", 4180));
    assertThat(second.firstStart()).isFalse();
    assertThat(second.newAgentKey()).isEmpty();
    assertThat(second.newAdminToken()).isEmpty();
    assertThat(second.loadedPolicies()).isEmpty();
    assertThat(second.quickstartHasAgentKey()).isTrue();
    assertThat(store.agents().count()).isEqualTo(1);
    assertThat(store.policies().count()).isEqualTo(2);
    assertThat(Files.readAllLines(second.quickstartFile())).contains(
        "export HTTPS_PROXY=http://local-agent:" + key + "@127.0.0.1:4128",
        "export AIRLOCK_ADMIN_TOKEN=" + token,
        "export AIRLOCK_URL=http://127.0.0.1:4180");
    assertOwnerOnly(second.quickstartFile());

    // Without quickstart.env the key cannot be recovered: the file says how to make a new one.
    Files.delete(second.quickstartFile());
    BootstrapResult third = bootstrap.run(policies, new Endpoints("127.0.0.1", 3128, "127.0.0.1", 3180));
    assertThat(third.quickstartHasAgentKey()).isFalse();
    assertThat(Files.readString(third.quickstartFile()))
        .doesNotContain("HTTPS_PROXY=http://local-agent:alk_")
        .contains("airlock agent key create local-agent")
        .contains("export AIRLOCK_ADMIN_TOKEN=" + token);
  }

  @Test
  void invalidStarterPolicyFailsStartupNamingFileAndPath() throws IOException {
    Files.writeString(policies.resolve("30-bad.json"),
        "{\"name\":\"bad\",\"rules\":[{\"id\":\"r1\",\"action\":\"BLOK\"}]}");
    Bootstrap bootstrap = new Bootstrap(data, store, new ParserPolicyValidator(new com.fasterxml.jackson.databind.ObjectMapper()));

    assertThatThrownBy(() -> bootstrap.run(policies, new Endpoints("127.0.0.1", 3128, "127.0.0.1", 3180)))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.getMessage()).contains("30-bad.json").contains("rules[0].action");
          assertThat(e.field()).isEqualTo("rules[0].action");
        });
    assertThat(store.policies().count()).isZero();
  }

  private static void assertOwnerOnly(Path file) throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
