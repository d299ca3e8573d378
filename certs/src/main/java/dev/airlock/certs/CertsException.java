package dev.airlock.certs;

/** The one unchecked exception of the certs module; callers translate it at their boundary. */
public final class CertsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CertsException(String message) {
    super(message);
  }

  public CertsException(String message, Throwable cause) {
    super(message, cause);
  }
}
