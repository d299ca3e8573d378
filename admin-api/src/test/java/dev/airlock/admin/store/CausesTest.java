package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

class CausesTest {
  @Test
  void joinsTheChainAndSkipsWhatAWrapperRepeats() {
    Exception e = new IllegalStateException("cannot start X",
        new IOException("gave up after 60000ms", new ConnectException("Connection refused")));
    assertThat(Causes.oneLine(e)).isEqualTo("cannot start X: gave up after 60000ms: Connection refused");

    Exception repeating = new IllegalStateException("cannot listen on h:1: Address already in use",
        new java.net.BindException("Address already in use"));
    assertThat(Causes.oneLine(repeating)).isEqualTo("cannot listen on h:1: Address already in use");

    Exception wrapped = new UncheckedIOException(new IOException("disk full"));
    assertThat(Causes.oneLine(wrapped)).isEqualTo("disk full");
  }

  @Test
  void aFileErrorSaysWhatHappenedToThePath() {
    assertThat(Causes.oneLine(new AccessDeniedException("/data/ca"))).isEqualTo("/data/ca: access denied");
  }

  @Test
  void staysOnOneLine() {
    assertThat(Causes.oneLine(new IllegalStateException("first\n  second"))).isEqualTo("first; second");
  }
}
