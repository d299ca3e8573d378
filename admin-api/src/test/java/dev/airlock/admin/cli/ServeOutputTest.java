package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.GitleaksRuleFiles;
import dev.airlock.proxy.detect.GitleaksRules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeOutputTest {
  @TempDir
  Path dir;

  @Test
  void theRuleFilesLineCountsLoadedRulesAndNamesEachSkippedOne() throws Exception {
    Path file = Files.writeString(dir.resolve("gitleaks.toml"), """
        [[rules]]
        id = "team-token"
        regex = '''TEAM-[0-9]{8}'''
        [[rules]]
        id = "team-keystore"
        path = '''\\.jks$'''
        """);
    assertThat(print(GitleaksRuleFiles.load(List.of(file)))).isEqualTo(
        "airlock: detectors.rule_files: 1 rule loaded, 1 skipped (cannot apply to request text):\n"
            + "  " + file + ": rule \"team-keystore\": matches file paths only\n");
    Path plain = Files.writeString(dir.resolve("plain.toml"),
        "[[rules]]\nid = \"a\"\nregex = '''A-[0-9]{8}'''\n[[rules]]\nid = \"b\"\nregex = '''B-[0-9]{8}'''\n");
    assertThat(print(GitleaksRuleFiles.load(List.of(plain)))).isEqualTo("airlock: detectors.rule_files: 2 rules loaded\n");
    assertThat(print(GitleaksRules.none())).as("no rule files: nothing to say").isEmpty();
  }

  private static String print(GitleaksRules rules) {
    StringWriter text = new StringWriter();
    new ServeOutput(new PrintWriter(text)).ruleFiles(rules);
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
