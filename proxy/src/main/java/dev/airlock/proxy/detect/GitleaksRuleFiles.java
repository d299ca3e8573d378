package dev.airlock.proxy.detect;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the operator's gitleaks rule files: each parsed on its own (see {@link GitleaksRuleFile}),
 * then checked together, since their rules' findings share one namespace with the built-in
 * detectors: a rule id may occur once across all files; a rule named like a built-in detector is
 * skipped (the built-in one runs), so a copy of gitleaks' default configuration loads as it is.
 */
public final class GitleaksRuleFiles {
  private GitleaksRuleFiles() {}

  /**
   * Reads and checks {@code files}, in order.
   *
   * @throws IllegalArgumentException with a one-line message naming the file, the rule and the
   *     problem
   */
  public static GitleaksRules load(List<Path> files) {
    Set<String> builtIn = DetectorCatalog.builtInIds();
    Map<String, Path> owners = new HashMap<>();
    List<GitleaksRule> rules = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      GitleaksRuleFile.Contents contents = GitleaksRuleFile.parse(read(file), file.toString());
      for (GitleaksRule rule : contents.rules()) {
        if (builtIn.contains(rule.detectorId())) {
          // gitleaks' own default config has such rules (jwt): it should load as it is
          skipped.add(file + ": rule \"" + rule.id() + "\": the built-in detector " + rule.detectorId()
              + " has this id and runs instead (rename the rule to run both)");
          continue;
        }
        Path owner = owners.putIfAbsent(rule.id(), file);
        if (owner != null) {
          throw new IllegalArgumentException(file + ": rule \"" + rule.id() + "\": duplicate id (also in " + owner
              + "; expected: ids unique across all rule files)");
        }
        rules.add(rule);
      }
      for (GitleaksRuleFile.Skipped s : contents.skipped()) {
        skipped.add(file + ": rule \"" + s.ruleId() + "\": " + s.reason());
      }
    }
    return new GitleaksRules(rules, skipped);
  }

  private static String read(Path file) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + ": is a directory (expected: a TOML file)");
    }
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(file + ": not readable (permission denied)");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text (expected: a TOML file)");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
  }
}
