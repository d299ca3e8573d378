package dev.airlock.admin.cli;

import dev.airlock.certs.CaStore;
import dev.airlock.certs.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock ca}: the local certificate authority agents must trust. */
@Command(name = "ca", mixinStandardHelpOptions = true,
    description = "Manage the Airlock CA that signs the certificates agents see.",
    subcommands = {CaCommand.Init.class, CaCommand.Export.class})
public final class CaCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  static Path dataDir(Path flag) {
    if (flag != null) {
      return flag;
    }
    String env = System.getenv("AIRLOCK_DATA_DIR");
    return Path.of(env != null && !env.isBlank() ? env : "data");
  }

  /** {@code airlock ca init}. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create the CA under DATA/ca (ca.pem, ca.key mode 0600) if there is none.",
          "An existing CA is kept; --force replaces it (agents must then trust the new one).",
          "The database records which CA the deployment uses, and a node whose DATA/ca holds another one refuses "
              + "to start: after --force, start it once with 'airlock serve --record-ca'."})
  static final class Init implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", description = "Data directory (default: $AIRLOCK_DATA_DIR or ./data).")
    Path dataDir;

    @Option(names = "--force", description = "Replace an existing CA.")
    boolean force;

    @Override
    public Integer call() {
      Path caDir = dataDir(dataDir).resolve("ca");
      boolean existed = Files.exists(caDir.resolve(CaStore.CERT_FILE));
      CaStore store = new CaStore();
      CertificateAuthority ca = force ? store.create(caDir) : store.loadOrCreate(caDir);
      String what = force ? "created a new CA (replacing any previous one)" : existed ? "CA already exists" : "created CA";
      spec.commandLine().getOut().println(what + ": " + caDir.resolve(CaStore.CERT_FILE).toAbsolutePath()
          + " (" + ca.certificate().getSubjectX500Principal().getName() + ", valid until " + ca.notAfter() + ")");
      return 0;
    }
  }

  /** {@code airlock ca export}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Print the CA certificate (PEM) to stdout, for agents' trust stores.")
  static final class Export implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", description = "Data directory (default: $AIRLOCK_DATA_DIR or ./data).")
    Path dataDir;

    @Override
    public Integer call() {
      Path caDir = dataDir(dataDir).resolve("ca");
      if (!Files.exists(caDir.resolve(CaStore.CERT_FILE))) {
        throw new CliException("no CA at " + caDir.toAbsolutePath()
            + " (run 'airlock ca init' or 'airlock serve' first)");
      }
      spec.commandLine().getOut().print(new CaStore().load(caDir).exportPem());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
