package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A rule file that cannot be used is refused with one line naming the file, the rule and the problem. */
class GitleaksRuleFilesTest {
  private static final String RULE = """
      [[rules]]
      id = "acme-key"
      regex = '''acme_[a-z0-9]{16}'''
      keywords = ["acme_"]
      """;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      invalid regex         | [[rules]]\\nid = "a"\\nregex = '''acme_([a-z'''                      | rule "a": regex: missing closing ] in '''acme_([a-z''' (expected: RE2 syntax)
      missing id            | [[rules]]\\nregex = '''x'''                                         | rules[0]: id: missing (expected: a rule id such as "acme-api-key")
      blank id              | [[rules]]\\nid = " "\\nregex = '''x'''                              | rules[0]: id: missing (expected: a rule id such as "acme-api-key")
      id with a space       | [[rules]]\\nid = "my rule"\\nregex = '''x'''                        | rules[0]: id: "my rule" (expected: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 100)
      duplicate id          | [[rules]]\\nid = "a"\\nregex = '''x'''\\n[[rules]]\\nid = "a"\\nregex = '''y''' | rule "a": duplicate id (rules[0] and rules[1]; expected: unique ids)
      no regex, no path     | [[rules]]\\nid = "a"\\nkeywords = ["k"]                              | rule "a": regex: missing (expected: a regular expression; without one and without a path the rule has no effect)
      secret group too high | [[rules]]\\nid = "a"\\nregex = '''(x)'''\\nsecretGroup = 2          | rule "a": secretGroup: 2 (expected: 0..1, the regex's groups)
      negative entropy      | [[rules]]\\nid = "a"\\nregex = '''x'''\\nentropy = -1               | rule "a": entropy: -1.0 (expected: a number of bits >= 0)
      entropy as text       | [[rules]]\\nid = "a"\\nregex = '''x'''\\nentropy = "high"           | rule "a": entropy: "high" (expected: a number)
      non-ASCII keyword     | [[rules]]\\nid = "a"\\nregex = '''x'''\\nkeywords = ["clé"]         | rule "a": keywords[0]: "clé" (expected: a non-empty ASCII word; the keyword filter works on ASCII)
      unknown rule key      | [[rules]]\\nid = "a"\\nregex = '''x'''\\nentrophy = 3               | rule "a": entrophy: unknown key (expected one of: allowlist, allowlists, description, entropy, id, keywords, path, regex, required, secretgroup, skipreport, tags)
      unknown top key       | [rule]\\nid = "a"                                                 | rule: unknown key (expected one of: allowlist, allowlists, description, extend, minversion, rules, title)
      invalid allow regex   | [[rules]]\\nid = "a"\\nregex = '''x'''\\n[[rules.allowlists]]\\nregexes = ['''ok''', '''(?<x''']  | rule "a": allowlists[0]: regexes[1]: invalid named capture in '''(?<x''' (expected: RE2 syntax)
      bad condition         | [[rules]]\\nid = "a"\\nregex = '''x'''\\n[[rules.allowlists]]\\ncondition = "XOR"\\nstopwords = ["s"] | rule "a": allowlists[0]: condition: "XOR" (expected: OR or AND)
      bad regexTarget       | [[rules]]\\nid = "a"\\nregex = '''x'''\\n[rules.allowlist]\\nregexTarget = "file"\\nregexes = ['''s'''] | rule "a": allowlist: regexTarget: "file" (expected: secret, match or line)
      empty allow-list      | [[rules]]\\nid = "a"\\nregex = '''x'''\\n[[rules.allowlists]]\\ndescription = "nothing" | rule "a": allowlists[0]: empty (expected: at least one of regexes, stopwords, paths, commits)
      empty stopword        | [[rules]]\\nid = "a"\\nregex = '''x'''\\n[[rules.allowlists]]\\nstopwords = [""] | rule "a": allowlists[0]: stopwords[0]: "" (expected: a word; an empty one would allow every secret)
      both allow-list forms | [allowlist]\\nstopwords = ["a"]\\n[[allowlists]]\\nstopwords = ["b"]  | [allowlist] and [[allowlists]] given together (expected: one of them; [allowlist] is the older form)
      unknown target rule   | [[allowlists]]\\ntargetRules = ["nope"]\\nstopwords = ["s"]             | allowlists[0]: targetRules: "nope" (expected: the id of a rule in this file)
      extend another file   | [extend]\\npath = "base.toml"                                      | extend: path: "base.toml" (not supported: list that file in detectors.rule_files instead)
      not TOML              | [[rules]\\nid = "a"                                                 | not valid TOML:
      """)
  void anUnusableFileIsRefusedWithOneLine(String problem, String toml, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.toml"), toml.replace("\\n", "\n"));
    assertThatThrownBy(() -> GitleaksRuleFiles.load(List.of(file)))
        .as(problem)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": " + message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aRuleIdMayOccurOnceAcrossAllFiles() throws Exception {
    Path first = Files.writeString(dir.resolve("first.toml"), RULE);
    Path second = Files.writeString(dir.resolve("second.toml"), RULE);
    assertThatThrownBy(() -> GitleaksRuleFiles.load(List.of(first, second)))
        .hasMessage(second + ": rule \"acme-key\": duplicate id (also in " + first
            + "; expected: ids unique across all rule files)");
  }

  @Test
  void aRuleNamedLikeABuiltInDetectorIsSkippedAndTheBuiltInRuns() throws Exception {
    // gitleaks' default config has a rule "jwt"; Airlock's own JWT detector is SECRETS.jwt.
    Path file = Files.writeString(dir.resolve("jwt.toml"), "[[rules]]\nid = \"jwt\"\nregex = '''eyJ[a-z]+'''\n"
        + "[[rules]]\nid = \"team-jwt\"\nregex = '''eyJ[a-z]+'''\n");
    GitleaksRules loaded = GitleaksRuleFiles.load(List.of(file));
    assertThat(loaded.rules()).extracting(GitleaksRule::id).containsExactly("team-jwt");
    assertThat(loaded.skipped()).containsExactly(file + ": rule \"jwt\": the built-in detector SECRETS.jwt has this id"
        + " and runs instead (rename the rule to run both)");
    assertThatThrownBy(() -> DetectorSettings.defaults().withGitleaksRules(
            GitleaksRuleFile.parse("[[rules]]\nid = \"aws_access_key\"\nregex = '''x'''\n", "x.toml").rules()))
        .hasMessageStartingWith("gitleaksRules: \"aws_access_key\"");
  }

  @Test
  void aFileThatCannotBeReadIsNamed() throws Exception {
    Path missing = dir.resolve("missing.toml");
    assertThatThrownBy(() -> GitleaksRuleFiles.load(List.of(missing))).hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> GitleaksRuleFiles.load(List.of(dir)))
        .hasMessage(dir + ": is a directory (expected: a TOML file)");
    Path binary = Files.write(dir.resolve("binary.toml"), new byte[] {(byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> GitleaksRuleFiles.load(List.of(binary)))
        .hasMessage(binary + ": not UTF-8 text (expected: a TOML file)");
  }

  @Test
  void whatOnlyMakesSenseForRepositoryFilesIsAcceptedWithoutEffect() throws Exception {
    Path file = Files.writeString(dir.resolve("compat.toml"), """
        title = "team rules"
        minVersion = "v8.21.0"

        [extend]
        useDefault = true
        disabledRules = ["generic-api-key"]

        [[allowlists]]
        description = "vendored code and old commits"
        paths = ['''(?:^|/)vendor/''']
        commits = ["0123456789abcdef0123456789abcdef01234567"]

        [[allowlists]]
        description = "aims at a rule of gitleaks' default config, which useDefault would bring"
        targetRules = ["generic-api-key"]
        stopwords = ["sample"]

        [[rules]]
        id = "team-token"
        regex = '''TEAM-[0-9]{8}'''

        [[rules]]
        id = "team-composite"
        regex = '''TEAMSECRET-[0-9]{8}'''
        [[rules.required]]
        id = "team-token"
        withinLines = 2

        [[rules]]
        id = "team-helper"
        regex = '''TEAMID-[0-9]{8}'''
        skipReport = true
        """);
    GitleaksRules rules = GitleaksRuleFiles.load(List.of(file));
    assertThat(rules.rules()).extracting(GitleaksRule::id).containsExactly("team-token");
    assertThat(rules.skipped()).containsExactly(
        file + ": rule \"team-composite\": composite rule ([[rules.required]]), which Airlock does not evaluate",
        file + ": rule \"team-helper\": skipReport: only reported as part of a composite rule");
    Detectors d = new Detectors(DetectorSettings.defaults().withGitleaksRules(rules.rules()));
    assertThat(d.scan("build TEAM-12345678")).extracting(Finding::detectorId).containsExactly("SECRETS.team-token");
  }

  @Test
  void keysAreReadIgnoringCaseAsGitleaksDoes() throws Exception {
    Path file = Files.writeString(dir.resolve("case.toml"), """
        [[Rules]]
        ID = "mixed"
        Regex = '''(pre)-([0-9]{6})'''
        SecretGroup = 2
        [[Rules.AllowLists]]
        StopWords = ["000000"]
        """);
    Detectors d = new Detectors(DetectorSettings.defaults().withGitleaksRules(
        GitleaksRuleFiles.load(List.of(file)).rules()));
    String text = "pre-123456 pre-000000";
    assertThat(d.scan(text)).singleElement()
        .satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo("123456"));
  }
}
