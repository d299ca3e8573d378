package dev.airlock.proxy.detect;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads one rule file in gitleaks' TOML format (v8): its {@code [[rules]]} with their keywords,
 * secret group, entropy and allow-lists, and the file's global allow-lists, which apply to the
 * rules of that file. What needs a repository (a rule's or allow-list's {@code path}, allow-list
 * {@code commits}) cannot apply to request text: a rule that only matches paths is skipped and
 * reported as such. {@code [extend] useDefault} is accepted and has no effect, Airlock's own rules
 * being always on.
 *
 * <p>Every error is an {@link IllegalArgumentException} whose message names the file, the rule and
 * the key.
 */
final class GitleaksRuleFile {
  private static final Set<String> TOP =
      Set.of("title", "description", "minversion", "extend", "rules", "allowlist", "allowlists");
  private static final Set<String> EXTEND = Set.of("usedefault", "disabledrules", "path", "url");
  private static final Set<String> RULE = Set.of("id", "description", "regex", "secretgroup", "entropy", "keywords",
      "tags", "path", "allowlist", "allowlists", "required", "skipreport");
  private static final Set<String> RULE_ALLOWLIST =
      Set.of("description", "condition", "regextarget", "regexes", "stopwords", "paths", "commits");
  private static final Set<String> GLOBAL_ALLOWLIST = plus(RULE_ALLOWLIST, "targetrules");
  /** What policies accept after "SECRETS." in a detector id. */
  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  /** A rule of the file that cannot apply to request text, and why. */
  record Skipped(String ruleId, String reason) {}

  /** The rules of one file that apply to request text, and those skipped. */
  record Contents(List<GitleaksRule> rules, List<Skipped> skipped) {}

  private GitleaksRuleFile() {}

  /** Parses {@code toml}; {@code name} (the file) starts every error message. */
  static Contents parse(String toml, String name) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ")";
      throw new IllegalArgumentException(name + ": not valid TOML: " + firstLine(e.getOriginalMessage()) + where, e);
    }
    return within(name, () -> contents(root == null ? new TomlMapper().createObjectNode() : root));
  }

  private static Contents contents(JsonNode root) {
    TomlTable top = TomlTable.of(root, "file");
    top.allowOnly(TOP);
    boolean useDefault = within("extend", () -> extendsDefault(top.table("extend")));
    List<GitleaksRule> rules = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    Map<String, Integer> indexes = new HashMap<>();
    List<TomlTable> tables = top.tables("rules");
    for (int i = 0; i < tables.size(); i++) {
      TomlTable table = tables.get(i);
      String id = within("rules[" + i + "]", () -> id(table));
      Integer earlier = indexes.putIfAbsent(id, i);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "rule \"" + id + "\": duplicate id (rules[" + earlier + "] and rules[" + i + "]; expected: unique ids)");
      }
      GitleaksRule rule = within("rule \"" + id + "\"", () -> rule(id, table));
      String skip = skipReason(table);
      if (skip == null) {
        rules.add(rule);
      } else {
        skipped.add(new Skipped(id, skip));
      }
    }
    Globals globals = globalAllowlists(top, indexes.keySet(), useDefault);
    List<GitleaksRule> withGlobals = new ArrayList<>(rules.size());
    for (GitleaksRule rule : rules) {
      List<GitleaksAllowlist> first = new ArrayList<>(globals.all());
      first.addAll(globals.byRule().getOrDefault(rule.id(), List.of()));
      withGlobals.add(rule.withAllowlistsFirst(first));
    }
    return new Contents(List.copyOf(withGlobals), List.copyOf(skipped));
  }

  /** A file's global allow-lists: those for all its rules, and those aimed at some ({@code targetRules}). */
  private record Globals(List<GitleaksAllowlist> all, Map<String, List<GitleaksAllowlist>> byRule) {}

  private static Globals globalAllowlists(TomlTable top, Set<String> ruleIds, boolean useDefault) {
    Map<String, List<GitleaksAllowlist>> targeted = new LinkedHashMap<>();
    List<GitleaksAllowlist> global = new ArrayList<>();
    List<TomlTable> globalTables = allowlistTables(top, "allowlist", "allowlists");
    for (int i = 0; i < globalTables.size(); i++) {
      TomlTable table = globalTables.get(i);
      String where = top.has("allowlist") ? "allowlist" : "allowlists[" + i + "]";
      within(where, () -> {
        table.allowOnly(GLOBAL_ALLOWLIST);
        GitleaksAllowlist allowlist = allowlist(table);
        List<String> targets = table.strings("targetrules");
        for (String target : targets) {
          // With useDefault the target may be one of gitleaks' default rules, which Airlock does not load.
          if (!ruleIds.contains(target) && !useDefault) {
            throw new IllegalArgumentException(
                "targetRules: \"" + target + "\" (expected: the id of a rule in this file)");
          }
        }
        if (allowlist != null) {
          if (targets.isEmpty()) {
            global.add(allowlist);
          }
          targets.forEach(t -> targeted.computeIfAbsent(t, k -> new ArrayList<>()).add(allowlist));
        }
        return null;
      });
    }
    return new Globals(global, targeted);
  }

  /**
   * Whether the file extends gitleaks' default rules. Extending another file is refused rather
   * than ignored: its rules would silently be missing.
   */
  private static boolean extendsDefault(TomlTable extend) {
    if (extend == null) {
      return false;
    }
    extend.allowOnly(EXTEND);
    for (String key : List.of("path", "url")) {
      String value = extend.string(key);
      if (value != null && !value.isEmpty()) {
        throw new IllegalArgumentException(key + ": \"" + value
            + "\" (not supported: list that file in detectors.rule_files instead)");
      }
    }
    extend.strings("disabledrules"); // only checked: it names rules of gitleaks' default config
    return extend.bool("usedefault");
  }

  private static String id(TomlTable table) {
    String id = table.string("id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: missing (expected: a rule id such as \"acme-api-key\")");
    }
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id: \"" + id
          + "\" (expected: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 100)");
    }
    return id;
  }

  /** The rule, checked whole even when it is to be skipped; null when it has no regex, only a path. */
  private static GitleaksRule rule(String id, TomlTable table) {
    table.allowOnly(RULE);
    String regexText = table.string("regex");
    Pattern regex = regexText == null || regexText.isEmpty() ? null : compile(regexText, "regex");
    if (table.string("path") != null) {
      compile(table.string("path"), "path");
    }
    int secretGroup = table.integer("secretgroup", 0);
    double entropy = table.number("entropy", 0);
    if (!(entropy >= 0) || Double.isInfinite(entropy)) {
      throw new IllegalArgumentException("entropy: " + entropy + " (expected: a number of bits >= 0)");
    }
    List<String> keywords = keywords(table.strings("keywords"));
    List<String> tags = table.strings("tags");
    String description = table.string("description");
    List<GitleaksAllowlist> allowlists = new ArrayList<>();
    List<TomlTable> allowlistTables = allowlistTables(table, "allowlist", "allowlists");
    for (int i = 0; i < allowlistTables.size(); i++) {
      TomlTable a = allowlistTables.get(i);
      GitleaksAllowlist allowlist = within(table.has("allowlist") ? "allowlist" : "allowlists[" + i + "]", () -> {
        a.allowOnly(RULE_ALLOWLIST);
        return allowlist(a);
      });
      if (allowlist != null) {
        allowlists.add(allowlist);
      }
    }
    table.bool("skipreport"); // only checked here; skipReason() reads it
    table.tables("required");
    if (regex == null) {
      if (table.string("path") == null || table.string("path").isEmpty()) {
        throw new IllegalArgumentException("regex: missing (expected: a regular expression; without one and without "
            + "a path the rule has no effect)");
      }
      return null;
    }
    return new GitleaksRule(id, description == null ? "" : description, regex, secretGroup, entropy, keywords, tags,
        allowlists);
  }

  /** Why a valid rule cannot run on request text, or null when it can. */
  private static String skipReason(TomlTable table) {
    String regex = table.string("regex");
    if (regex == null || regex.isEmpty()) {
      return "matches file paths only";
    }
    if (table.bool("skipreport")) {
      return "skipReport: only reported as part of a composite rule";
    }
    if (table.has("required")) {
      return "composite rule ([[rules.required]]), which Airlock does not evaluate";
    }
    return null;
  }

  /** The allow-list tables under {@code single} (older form) or {@code many}; not both, as in gitleaks. */
  private static List<TomlTable> allowlistTables(TomlTable table, String single, String many) {
    if (table.has(single) && table.has(many)) {
      throw new IllegalArgumentException(
          "[" + single + "] and [[" + many + "]] given together (expected: one of them; [" + single + "] is the "
              + "older form)");
    }
    TomlTable one = table.table(single);
    return one != null ? List.of(one) : table.tables(many);
  }

  /**
   * The checks of an allow-list that apply to request text, or null when none can: an allow-list of
   * paths and commits only, or an "AND" one that requires a path or commit, which request text never
   * has (gitleaks, too, finds no path there and so does not allow).
   */
  private static GitleaksAllowlist allowlist(TomlTable table) {
    String condition = table.string("condition");
    boolean all = switch (condition == null ? "" : condition.toUpperCase(Locale.ROOT)) {
      case "", "OR", "||" -> false;
      case "AND", "&&" -> true;
      default -> throw new IllegalArgumentException("condition: \"" + condition + "\" (expected: OR or AND)");
    };
    String target = table.string("regextarget");
    GitleaksAllowlist.Target regexTarget = switch (target == null ? "" : target) {
      case "", "secret" -> GitleaksAllowlist.Target.SECRET;
      case "match" -> GitleaksAllowlist.Target.MATCH;
      case "line" -> GitleaksAllowlist.Target.LINE;
      default -> throw new IllegalArgumentException(
          "regexTarget: \"" + target + "\" (expected: secret, match or line)");
    };
    List<Pattern> regexes = new ArrayList<>();
    List<String> regexTexts = table.strings("regexes");
    for (int i = 0; i < regexTexts.size(); i++) {
      regexes.add(compile(regexTexts.get(i), "regexes[" + i + "]"));
    }
    List<String> stopwords = table.strings("stopwords");
    for (int i = 0; i < stopwords.size(); i++) {
      if (stopwords.get(i).isEmpty()) {
        throw new IllegalArgumentException("stopwords[" + i + "]: \"\" (expected: a word; an empty one would allow "
            + "every secret)");
      }
    }
    List<String> paths = table.strings("paths");
    for (int i = 0; i < paths.size(); i++) {
      compile(paths.get(i), "paths[" + i + "]");
    }
    boolean fileChecks = !paths.isEmpty() || !table.strings("commits").isEmpty();
    table.string("description"); // only checked: a description must be text
    if (regexes.isEmpty() && stopwords.isEmpty()) {
      if (!fileChecks) {
        throw new IllegalArgumentException(
            "empty (expected: at least one of regexes, stopwords, paths, commits)");
      }
      return null;
    }
    if (all && fileChecks) {
      return null;
    }
    return new GitleaksAllowlist(all, regexTarget, regexes, stopwords);
  }

  private static List<String> keywords(List<String> keywords) {
    List<String> out = new ArrayList<>(keywords.size());
    for (int i = 0; i < keywords.size(); i++) {
      String keyword = keywords.get(i).toLowerCase(Locale.ROOT);
      if (keyword.isEmpty() || !KeywordMatcher.isAscii(keyword) || keyword.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("keywords[" + i + "]: \"" + keywords.get(i)
            + "\" (expected: a non-empty ASCII word; the keyword filter works on ASCII)");
      }
      out.add(keyword);
    }
    return out;
  }

  /**
   * Compiles with RE2/J: gitleaks' regexes are Go's RE2 syntax, which RE2/J reads as written, and
   * matching stays linear in the text whatever the operator wrote.
   */
  private static Pattern compile(String regex, String key) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(key + ": " + e.getDescription() + " in " + quote(regex)
          + " (expected: RE2 syntax)", e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static String quote(String regex) {
    String shown = regex.length() > 80 ? regex.substring(0, 77) + "..." : regex;
    return "'''" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'''";
  }

  /** Runs {@code body}, prefixing the message of an error it throws with {@code where}. */
  private static <T> T within(String where, Supplier<T> body) {
    try {
      return body.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Set<String> plus(Set<String> keys, String more) {
    Set<String> all = new java.util.HashSet<>(keys);
    all.add(more);
    return Set.copyOf(all);
  }
}
