package dev.airlock.proxy.normalize;

import dev.airlock.proxy.normalize.git.GitSmartHttpNormalizer;
import dev.airlock.proxy.normalize.git.PackLimits;
import dev.airlock.proxy.normalize.git.ReceivePackParser;
import dev.airlock.proxy.normalize.github.GitHubGraphQlNormalizer;
import dev.airlock.proxy.normalize.google.GmailNormalizer;
import dev.airlock.proxy.normalize.google.GoogleDriveNormalizer;
import dev.airlock.proxy.normalize.linear.LinearNormalizer;
import dev.airlock.proxy.normalize.slack.SlackNormalizer;
import java.util.List;

/**
 * The tool families that need code (body parsing) rather than a catalog file. To add one, write a
 * {@link Normalizer} in its own package and list it here; order matters only where hosts overlap.
 */
final class BuiltinNormalizers {
  private BuiltinNormalizers() {}

  static List<Normalizer> create() {
    return List.of(
        // First: git smart HTTP is recognised on any host, github.com included.
        new GitSmartHttpNormalizer(new ReceivePackParser(PackLimits.DEFAULT)),
        new GitHubGraphQlNormalizer(),
        new SlackNormalizer(),
        new LinearNormalizer(),
        // Both on www.googleapis.com, each claiming only its own paths.
        new GoogleDriveNormalizer(),
        new GmailNormalizer());
  }
}
