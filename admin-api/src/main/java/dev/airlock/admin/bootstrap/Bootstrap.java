package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.AdminTokenRepository;
import dev.airlock.admin.store.CreatedAgent;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.Ids;
import dev.airlock.admin.store.IssuedKey;
import dev.airlock.admin.store.PolicyValidator;
import dev.airlock.admin.store.StoreException;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.ValidatedPolicy;
import dev.airlock.proxy.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Prepares a data dir and its database on every start; idempotent.
 *
 * <p>Ensures env {@code default}; loads the starter policies when the store has none; creates
 * {@code local-agent} when no agent exists; creates the admin token ({@code DATA/admin-token},
 * 0600) when the file is missing; writes {@code DATA/quickstart.env} (0600). Call it once the proxy
 * and admin ports are bound (port 0 resolved), since the quickstart file names them. Blocking I/O.
 */
public final class Bootstrap {
  public static final String LOCAL_AGENT = "local-agent";

  private final Path dataDir;
  private final StoreRepositories store;
  private final PolicyValidator validator;

  public Bootstrap(Path dataDir, StoreRepositories store, PolicyValidator validator) {
    this.dataDir = requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    this.store = requireNonNull(store, "store");
    this.validator = requireNonNull(validator, "validator");
  }

  /**
   * @param policiesDir starter policies ({@code conf/policies}); may be null or missing
   * @throws StoreException INVALID (code {@code invalid_policy}) naming the file and JSON path when
   *     a starter policy is invalid; nothing is loaded then
   */
  public BootstrapResult run(Path policiesDir, Endpoints endpoints) {
    requireNonNull(endpoints, "endpoints");
    try {
      Files.createDirectories(dataDir);
      store.environments().createIfAbsent(Environment.of(Environment.DEFAULT_SLUG, "Default"));
      List<String> loaded = store.policies().count() == 0 ? loadPolicies(policiesDir) : List.of();

      Optional<String> newKey = Optional.empty();
      if (store.agents().count() == 0) {
        CreatedAgent agent = store.agents().create(LOCAL_AGENT, Environment.DEFAULT_SLUG, "custom");
        newKey = Optional.of(agent.key().secret());
      }

      Path tokenFile = dataDir.resolve("admin-token");
      boolean firstStart = !Files.exists(tokenFile);
      Optional<String> newToken = Optional.empty();
      String token;
      if (firstStart) {
        IssuedKey issued = store.adminTokens().create("owner", "bootstrap");
        SecretFiles.write(tokenFile, issued.secret() + "\n");
        token = issued.secret();
        newToken = Optional.of(token);
      } else {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        // The file outlives a replaced database (e.g. a new --db URL): make sure it still works.
        store.adminTokens().register(new IssuedKey(Ids.newId("tok"), token), "owner", "admin-token file");
      }

      QuickstartFile quickstart = new QuickstartFile(dataDir.resolve("quickstart.env"));
      Optional<String> key = newKey.isPresent() ? newKey : quickstart.existingKey();
      quickstart.write(LOCAL_AGENT, key, dataDir.resolve("ca").resolve("ca.pem"), token, endpoints);
      return new BootstrapResult(
          firstStart, newKey, newToken, loaded, tokenFile, quickstart.path(), key.isPresent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare data dir " + dataDir, e);
    }
  }

  private List<String> loadPolicies(Path dir) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Bootstrap::isPolicyFile).sorted().toList();
    }
    // Validate everything before storing anything: a bad file must not leave a partial set.
    List<ValidatedPolicy> policies = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      try {
        policies.add(validator.validate(text));
      } catch (PolicyException e) {
        throw StoreException.invalid(
            "invalid_policy", e.path(), "invalid policy file " + file + ": " + e.getMessage());
      }
    }
    policies.forEach(store.policies()::apply);
    return files.stream().map(f -> f.getFileName().toString()).toList();
  }

  private static boolean isPolicyFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file)
        && (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
