package dev.airlock.admin.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DATA/quickstart.env}: shell lines that point an agent at Airlock. It is also the only
 * place the {@code local-agent} key survives (the database keeps a hash), so later starts read the
 * key back from it.
 */
final class QuickstartFile {
  private static final Pattern PROXY_KEY =
      Pattern.compile("^(?:export )?HTTPS_PROXY=http://[^:@/]+:([^@/\\s]+)@", Pattern.MULTILINE);

  private final Path file;

  QuickstartFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** The agent key written by an earlier start, if the file is still there. */
  Optional<String> existingKey() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Matcher m = PROXY_KEY.matcher(Files.readString(file, StandardCharsets.UTF_8));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Writes the file (0600) unless it already has exactly this content. */
  void write(String agentName, Optional<String> key, Path caPem, String adminToken, Endpoints endpoints)
      throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("# Airlock quickstart: source this file (. ./quickstart.env) in the agent's shell.\n");
    if (key.isPresent()) {
      String proxy = "http://" + agentName + ":" + key.get() + "@" + endpoints.proxyAuthority();
      s.append("export HTTPS_PROXY=").append(proxy).append('\n');
      s.append("export HTTP_PROXY=").append(proxy).append('\n');
      // curl and wget read plain-HTTP proxies from the lower-case name only.
      s.append("export https_proxy=").append(proxy).append('\n');
      s.append("export http_proxy=").append(proxy).append('\n');
    } else {
      s.append("# The ").append(agentName).append(" key is only shown once and this file was recreated")
          .append(" without it.\n# Create a new key: airlock agent key create ").append(agentName)
          .append(", then set HTTPS_PROXY=http://").append(agentName).append(":<key>@")
          .append(endpoints.proxyAuthority()).append(" and HTTP_PROXY, https_proxy, http_proxy likewise.\n");
    }
    String ca = caPem.toAbsolutePath().normalize().toString();
    s.append("export SSL_CERT_FILE=").append(ca).append('\n');
    s.append("export REQUESTS_CA_BUNDLE=").append(ca).append('\n');
    s.append("export NODE_EXTRA_CA_CERTS=").append(ca).append('\n');
    s.append("export AIRLOCK_ADMIN_TOKEN=").append(adminToken).append('\n');
    s.append("export AIRLOCK_URL=").append(endpoints.adminUrl()).append('\n');
    String content = s.toString();
    if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
      return;
    }
    SecretFiles.write(file, content);
  }
}
