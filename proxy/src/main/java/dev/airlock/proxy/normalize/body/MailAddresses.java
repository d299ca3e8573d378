package dev.airlock.proxy.normalize.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recipients of an RFC 5322 message, read from its header section only (To, Cc, Bcc and their
 * Resent- forms): folded lines, display names, quoted strings, comments and groups are understood;
 * the body is never read. Addresses come back as addr-specs ({@code ann@example.com}).
 */
public final class MailAddresses {
  private static final List<String> RECIPIENT_FIELDS =
      List.of("to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc");
  /** Header sections beyond this are not read: a real one is a few KiB. */
  private static final int MAX_HEADER_CHARS = 256 * 1024;

  private MailAddresses() {}

  /** The recipients named in the header section of {@code message}, in order, without duplicates. */
  public static List<String> recipients(String message) {
    List<String> out = new ArrayList<>();
    for (String field : unfoldedFields(message)) {
      int colon = field.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (RECIPIENT_FIELDS.contains(name)) {
        for (String a : addresses(field.substring(colon + 1))) {
          if (!out.contains(a)) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /** The header fields up to the first empty line, each on one line. */
  private static List<String> unfoldedFields(String message) {
    List<String> fields = new ArrayList<>();
    String head = message.length() > MAX_HEADER_CHARS ? message.substring(0, MAX_HEADER_CHARS) : message;
    StringBuilder current = null;
    for (String line : head.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append(' ').append(line.strip());
        continue;
      }
      if (current != null) {
        fields.add(current.toString());
      }
      current = new StringBuilder(line);
    }
    if (current != null) {
      fields.add(current.toString());
    }
    return fields;
  }

  /** The addr-specs of an address-list value: {@code "Ann" <ann@x.com>, bob@y.com (Bob), team: c@z.com;}. */
  public static List<String> addresses(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean quoted = false;
    int comment = 0;
    boolean angle = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < value.length()) {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
        continue; // display names are not addresses
      }
      if (comment > 0) {
        comment += c == '(' ? 1 : c == ')' ? -1 : 0;
        continue;
      }
      switch (c) {
        case '"' -> quoted = true;
        case '(' -> comment = 1;
        case '<' -> {
          angle = true;
          token.setLength(0);
        }
        case '>' -> {
          add(out, token);
          angle = false;
        }
        case ',', ';' -> {
          if (!angle) {
            add(out, token);
          }
        }
        case ':' -> {
          if (!angle) {
            token.setLength(0); // a group's display name
          }
        }
        default -> token.append(c);
      }
    }
    add(out, token);
    return out;
  }

  private static void add(List<String> out, StringBuilder token) {
    String candidate = token.toString().strip();
    token.setLength(0);
    // Angle-addr text was collected on its own; a bare phrase before it ("Ann Lee") has no '@'.
    int space = candidate.lastIndexOf(' ');
    if (space >= 0) {
      candidate = candidate.substring(space + 1);
    }
    int at = candidate.lastIndexOf('@');
    if (at > 0 && at < candidate.length() - 1) {
      out.add(candidate.toLowerCase(Locale.ROOT));
    }
  }
}
