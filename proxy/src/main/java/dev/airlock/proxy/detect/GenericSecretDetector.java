package dev.airlock.proxy.detect;

import java.util.List;
import java.util.Locale;

/**
 * Credentials assigned to a credential-named key: {@code api_key=…}, {@code "apiKey": "…"},
 * {@code client_secret=…}, {@code password: …}, and {@code Authorization: Bearer …}. Only the
 * value is the span. Because the shape is common in innocent text, the value must look random
 * (length, entropy, letters and digits) and must not be a placeholder or a reference.
 *
 * <p>Hand-parsed from each keyword occurrence: a regex sweep over every JSON body that contains
 * the word "key" would dominate the scan time.
 */
final class GenericSecretDetector implements TextDetector {
  static final String ID = "SECRETS.generic_api_key";
  static final int MIN_LENGTH = 16;
  static final int MAX_LENGTH = 512;
  static final double MIN_ENTROPY = 3.5;
  private static final int MAX_NAME_PREFIX = 40;
  private static final int MAX_NAME_SUFFIX = 30;
  private static final int MAX_SPACES = 3;

  private static final List<String> WORDS = List.of("key", "secret", "token", "passw", "pwd", "credential", "bearer");
  private static final int BEARER = WORDS.indexOf("bearer");
  /** Key names that hold a credential; a bare "key" (sort_key, cache key) does not. */
  private static final List<String> CREDENTIAL_NAMES = List.of(
      "secret", "token", "passw", "pwd", "credential", "apikey", "api_key", "api-key", "api.key", "accesskey",
      "access_key", "access-key", "authkey", "auth_key", "auth-key", "privatekey", "private_key", "private-key",
      "signing_key", "signingkey", "encryption_key", "master_key", "masterkey");
  private static final List<String> PLACEHOLDERS = List.of(
      "xxxx", "****", "....", "your_", "your-", "yourapi", "yourkey", "yoursecret", "_here", "-here",
      "placeholder", "changeme", "change_me", "redacted", "example", "dummy", "sample", "insert_", "replace_");
  private static final java.util.regex.Pattern WORDS_ONLY =
      java.util.regex.Pattern.compile("[a-z]+(?:[_.-][a-z]+)*(?:[_.-]?[0-9]{1,4})?");

  /** Names of values meant to be shared: anti-forgery tokens, public and publishable keys. */
  private static final List<String> SHARED_NAMES = List.of("csrf", "xsrf", "authenticity", "public", "publishable");
  private static final java.util.regex.Pattern UUID =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /**
   * {@code X25519.secret_length}, {@code settings.OPENAI_API_KEY}: a reference to a field whose name
   * is made of words (snake, camel or upper snake case, maybe a number), not a literal credential.
   */
  private static final com.google.re2j.Pattern MEMBER_EXPRESSION = com.google.re2j.Pattern.compile(
      "[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*"
          + "\\.(?:[a-z]+(?:_?[a-z]+|[A-Z][a-z]+)*|[A-Z]+(?:_[A-Z]+)+)_?[0-9]{0,4}");
  /**
   * Maven and Gradle coordinates: {@code jjwt-jackson:0.11.5}, {@code jjwt-api:jar:0.12.6:compile}.
   * RE2, like the member expression, so an adversarial value cannot make it backtrack.
   */
  private static final com.google.re2j.Pattern COORDINATES = com.google.re2j.Pattern.compile(
      "[a-z][a-z0-9]*(?:[._-][a-z][a-z0-9]*)*(?::[a-z][a-z0-9]*(?:[._-][a-z][a-z0-9]*)*)*"
          + ":[0-9]+(?:\\.[0-9]+)*(?:[.-][A-Za-z0-9]+)*(?::[a-z]+)?");

  private final KeywordMatcher words = new KeywordMatcher(WORDS);

  @Override
  public List<String> keywords() {
    return WORDS;
  }

  @Override
  public String detectorId() {
    return ID;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    words.forEach(text, (keyword, end) -> {
      int start = end - WORDS.get(keyword).length();
      int valueStart = keyword == BEARER ? afterBearer(text, start, end) : afterAssignment(text, start, end);
      if (valueStart < 0) {
        return;
      }
      int valueEnd = valueEnd(text, valueStart, keyword == BEARER);
      if (valueEnd - valueStart > MAX_LENGTH) {
        return;
      }
      String value = text.substring(valueStart, valueEnd);
      if (isLikelySecret(value) && !(UUID.matcher(value).matches() && namesId(text, end))) {
        out.add(new Finding(DataClass.SECRETS, ID, valueStart, valueEnd));
      }
    });
  }

  /**
   * Whether the name holding the keyword that ends at {@code end} ends in "id" ({@code credentialsId},
   * {@code token_id}): its UUID names a stored credential rather than being one. A secret id is the
   * exception, it is itself the secret.
   */
  private static boolean namesId(String text, int end) {
    int i = end;
    while (i < text.length() && i - end < MAX_NAME_SUFFIX && isNameChar(text.charAt(i))) {
      i++;
    }
    String name = text.substring(Math.max(0, end - MAX_NAME_PREFIX), i).toLowerCase(Locale.ROOT);
    return (name.endsWith("id") || name.endsWith("ids")) && !name.endsWith("secretid") && !name.endsWith("secret_id")
        && !name.endsWith("secret-id");
  }

  /** Start of the value after {@code <credential name> <op> }, or -1. */
  private static int afterAssignment(String text, int start, int end) {
    int nameStart = start;
    while (nameStart > 0 && start - nameStart < MAX_NAME_PREFIX && isNameChar(text.charAt(nameStart - 1))) {
      nameStart--;
    }
    int i = end;
    while (i < text.length() && i - end < MAX_NAME_SUFFIX && isNameChar(text.charAt(i))) {
      i++;
    }
    if (!isCredentialName(text.substring(nameStart, i).toLowerCase(Locale.ROOT))) {
      return -1;
    }
    if (Chars.at(text, i) == '"' || Chars.at(text, i) == '\'') {
      i++;
    }
    i = skipSpaces(text, i);
    char c = Chars.at(text, i);
    char next = Chars.at(text, i + 1);
    if ((c == ':' && next == '=') || (c == '=' && next == '>')) {
      i += 2;
    } else if (c == ':' || c == '=') {
      i++;
    } else {
      return -1;
    }
    i = skipSpaces(text, i);
    if (Chars.at(text, i) == '"' || Chars.at(text, i) == '\'') {
      i++;
    }
    return i;
  }

  private static int afterBearer(String text, int start, int end) {
    if (Chars.isWordChar(Chars.at(text, start - 1)) || (Chars.at(text, end) != ' ' && Chars.at(text, end) != '\t')) {
      return -1;
    }
    return skipSpaces(text, end);
  }

  private static int valueEnd(String text, int i, boolean bearer) {
    int n = Math.min(text.length(), i + MAX_LENGTH + 1);
    while (i < n && (bearer ? isBearerChar(text.charAt(i)) : isValueChar(text.charAt(i)))) {
      i++;
    }
    while (bearer && i < text.length() && text.charAt(i) == '=') {
      i++;
    }
    return i;
  }

  private static int skipSpaces(String text, int i) {
    int limit = i + MAX_SPACES;
    while (i < limit && (Chars.at(text, i) == ' ' || Chars.at(text, i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isNameChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean isValueChar(char c) {
    return !Character.isWhitespace(c) && "\"'&,;<>{}[]\\".indexOf(c) < 0 && !Character.isISOControl(c);
  }

  private static boolean isBearerChar(char c) {
    return Chars.isAsciiAlnum(c) || "._~+/-".indexOf(c) >= 0;
  }

  private static boolean isCredentialName(String name) {
    for (String shared : SHARED_NAMES) {
      if (name.contains(shared)) {
        return false;
      }
    }
    for (String credential : CREDENTIAL_NAMES) {
      if (name.contains(credential)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLikelySecret(String value) {
    if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
      return false;
    }
    char first = value.charAt(0);
    if (first == '$' || first == '%' || first == '/' || value.contains("://") || value.contains("{{")) {
      // References to a variable, a template or a path, not the credential itself.
      return false;
    }
    if (!Chars.hasDigit(value) || !Chars.hasLetter(value)) {
      return false;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (String placeholder : PLACEHOLDERS) {
      if (lower.contains(placeholder)) {
        return false;
      }
    }
    return !WORDS_ONLY.matcher(value).matches() && !MEMBER_EXPRESSION.matcher(value).matches()
        && !COORDINATES.matcher(value).matches() && Chars.entropy(value) >= MIN_ENTROPY;
  }
}
