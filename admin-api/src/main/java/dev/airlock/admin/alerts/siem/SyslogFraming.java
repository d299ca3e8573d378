package dev.airlock.admin.alerts.siem;

import java.nio.charset.StandardCharsets;

/** How messages are delimited on a stream (TCP/TLS) connection. */
public enum SyslogFraming {
  /** RFC 6587 §3.4.1 octet counting: {@code MSG-LEN SP SYSLOG-MSG}. Safe for any message content. */
  OCTET,
  /** RFC 6587 §3.4.2 non-transparent framing: each message followed by LF. */
  LF;

  /** {@code message} framed for a stream, in UTF-8. */
  public byte[] frame(String message) {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    if (this == LF) {
      byte[] out = new byte[body.length + 1];
      System.arraycopy(body, 0, out, 0, body.length);
      out[body.length] = '\n';
      return out;
    }
    byte[] prefix = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }
}
