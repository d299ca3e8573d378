package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Literal runs that every match of an RE2 pattern must contain, found by a deliberately shallow
 * reading of the pattern: only top-level runs of plain ASCII characters count. Whenever the
 * pattern uses syntax this reader does not model (top-level alternation, {@code \Q}, {@code \x},
 * {@code \p}, a brace that is not a repeat...), it gives up and returns no literal, which only
 * costs speed: the regex then always runs. Returning a literal the pattern does not require would
 * make a rule silently miss, so every doubt ends a run or gives up.
 */
final class RequiredLiterals {
  /**
   * One required run; lower-cased when the pattern matches it ignoring case. A case-sensitive run
   * may also name the class of the character right before and after it (null when unknown).
   */
  record Literal(String text, boolean ignoreCase, CharClass before, CharClass after) {

    /** Whether the body contains the run with matching neighbours; case-sensitive runs only. */
    boolean occursIn(String body) {
      int n = text.length();
      for (int at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1)) {
        if ((before == null || (at > 0 && before.contains(body.charAt(at - 1))))
            && (after == null || (at + n < body.length() && after.contains(body.charAt(at + n))))) {
          return true;
        }
      }
      return false;
    }
  }

  private final String p;
  private int i;
  private boolean ignoreCase;
  private final StringBuilder run = new StringBuilder();
  private boolean runIgnoresCase;
  private CharClass runBefore;
  /** The class of the single character just read, when the next run would start right after it. */
  private CharClass pendingBefore;
  private final List<Literal> out = new ArrayList<>();

  private RequiredLiterals(String pattern) {
    this.p = pattern;
  }

  /** Every required run of a pattern RE2 accepted, longest first; empty when unsure. */
  static List<Literal> of(String pattern) {
    try {
      return new RequiredLiterals(pattern).parse();
    } catch (GiveUp e) {
      return List.of();
    }
  }

  private List<Literal> parse() {
    while (i < p.length()) {
      char c = p.charAt(i);
      switch (c) {
        case '|' -> throw new GiveUp();
        case '(' -> group();
        case '[' -> {
          int start = i;
          skipClass();
          charAtom(CharClass.parse(p.substring(start, i), ignoreCase));
        }
        case '.' -> {
          i++;
          charAtom(null);
        }
        case '^', '$' -> {
          i++;
          endRun(null);
        }
        case '\\' -> escape();
        case '*', '+', '?', '{', ')', ']', '}' -> throw new GiveUp();
        default -> {
          i++;
          if (c < 128) {
            literal(c);
          } else {
            if (Character.isHighSurrogate(c)) {
              i++;
            }
            charAtom(null);
          }
        }
      }
    }
    endRun(null);
    out.sort((a, b) -> b.text().length() - a.text().length());
    return List.copyOf(out);
  }

  private void escape() {
    if (i + 1 >= p.length()) {
      throw new GiveUp();
    }
    char e = p.charAt(i + 1);
    i += 2;
    if (e < 128 && !Character.isLetterOrDigit(e)) {
      literal(e);
    } else if ("dDsSwW".indexOf(e) >= 0) {
      charAtom(CharClass.perl(e, ignoreCase));
    } else if ("bBAz".indexOf(e) >= 0) {
      endRun(null); // zero-width assertions: nothing to repeat, but the run ends to stay simple
    } else {
      throw new GiveUp();
    }
  }

  /** A plain character: joins the run unless a repeat may drop it. */
  private void literal(char c) {
    int min = repeatMin();
    if (min == 0) {
      endRun(null);
      return;
    }
    if (run.length() == 0) {
      runBefore = pendingBefore;
    }
    append(c);
    if (min > 0) {
      // c+ or c{2,}: the first c ends the run so far, the last c starts the next one
      endRun(null);
      append(c);
    }
  }

  private void append(char c) {
    runIgnoresCase |= ignoreCase && Character.isLetter(c);
    run.append(c);
  }

  /**
   * One character from a class (null: any character). It ends the run, but as long as it cannot
   * be skipped it is the run's right neighbour, and its last repetition the next run's left one.
   */
  private void charAtom(CharClass cls) {
    int min = repeatMin();
    if (min == 0 || cls == null) {
      endRun(null);
      return;
    }
    endRun(cls);
    pendingBefore = cls;
  }

  /** A group: any width, possibly empty, so nothing is known about its neighbours. */
  private void opaque() {
    repeatMin();
    endRun(null);
  }

  /**
   * Consumes a repeat after an atom: -1 when there is none, else its minimum count (0 for
   * {@code ? *}, 1 for {@code +}).
   */
  private int repeatMin() {
    if (i >= p.length()) {
      return -1;
    }
    int min;
    switch (p.charAt(i)) {
      case '?', '*' -> {
        min = 0;
        i++;
      }
      case '+' -> {
        min = 1;
        i++;
      }
      case '{' -> min = braces();
      default -> {
        return -1;
      }
    }
    if (i < p.length() && p.charAt(i) == '?') {
      i++; // non-greedy: same strings
    }
    if (i < p.length() && "?*+{".indexOf(p.charAt(i)) >= 0) {
      throw new GiveUp(); // a repeated repeat; RE2 rejects most, no need to model the rest
    }
    return min;
  }

  /** {@code {n}}, {@code {n,}} or {@code {n,m}}: returns n; anything else gives up. */
  private int braces() {
    int close = p.indexOf('}', i);
    if (close < 0) {
      throw new GiveUp();
    }
    String body = p.substring(i + 1, close);
    if (!body.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
      throw new GiveUp();
    }
    i = close + 1;
    int comma = body.indexOf(',');
    return Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
  }

  /** A flag group {@code (?i)} changes case handling; any other group is an opaque atom. */
  private void group() {
    int close = matchingParen();
    String inside = p.substring(i + 1, close);
    i = close + 1;
    if (inside.matches("\\?[a-zA-Z]*(-[a-zA-Z]*)?")) {
      int minus = inside.indexOf('-');
      String on = minus < 0 ? inside : inside.substring(0, minus);
      String off = minus < 0 ? "" : inside.substring(minus);
      if (on.indexOf('i') >= 0) {
        ignoreCase = true;
      }
      if (off.indexOf('i') >= 0) {
        ignoreCase = false;
      }
      return;
    }
    opaque();
  }

  /** Index of the ')' closing the '(' at i, skipping escapes and classes. */
  private int matchingParen() {
    int depth = 0;
    int j = i;
    while (j < p.length()) {
      char c = p.charAt(j);
      if (c == '\\') {
        if (j + 1 < p.length() && p.charAt(j + 1) == 'Q') {
          throw new GiveUp(); // \Q...\E may quote parentheses
        }
        j += 2;
        continue;
      }
      if (c == '[') {
        int save = i;
        i = j;
        skipClass();
        j = i;
        i = save;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return j;
      }
      j++;
    }
    throw new GiveUp();
  }

  /** Moves i past a character class, including {@code [[:alpha:]]} and a leading ']'. */
  private void skipClass() {
    int j = i + 1;
    if (j < p.length() && p.charAt(j) == '^') {
      j++;
    }
    if (j < p.length() && p.charAt(j) == ']') {
      j++;
    }
    while (j < p.length()) {
      char c = p.charAt(j);
      if (c == '\\') {
        if (j + 1 < p.length() && p.charAt(j + 1) == 'Q') {
          throw new GiveUp();
        }
        j += 2;
      } else if (c == '[' && j + 1 < p.length() && p.charAt(j + 1) == ':') {
        int end = p.indexOf(":]", j + 2);
        if (end < 0) {
          throw new GiveUp();
        }
        j = end + 2;
      } else if (c == ']') {
        i = j + 1;
        return;
      } else {
        j++;
      }
    }
    throw new GiveUp();
  }

  /** Records the current run, if any; {@code after} is the class known to follow it. */
  private void endRun(CharClass after) {
    if (run.length() > 0) {
      String text = run.toString();
      out.add(runIgnoresCase
          ? new Literal(text.toLowerCase(Locale.ROOT), true, null, null)
          : new Literal(text, false, runBefore, after));
      run.setLength(0);
    }
    runIgnoresCase = false;
    runBefore = null;
    pendingBefore = null;
  }

  /** Unwinds the reader when the pattern leaves the modelled subset. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }
}
