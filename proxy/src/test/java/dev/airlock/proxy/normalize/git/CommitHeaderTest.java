package dev.airlock.proxy.normalize.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommitHeaderTest {
  private static final String COMMIT = """
      tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
      parent 1111111111111111111111111111111111111111
      parent 2222222222222222222222222222222222222222
      author Dev <dev@example.com> 1700000000 +0000
      committer Dev <dev@example.com> 1700000000 +0000
      mergetag object 3333333333333333333333333333333333333333
       type commit
       tag v1
      \s
       tag message AKIA1
      x-note hidden AKIA2
      gpgsig -----BEGIN PGP SIGNATURE-----
       iQEzBAABCAAdFiEE
       -----END PGP SIGNATURE-----

      merge the release
      """;

  @Test
  void parentsAreReadInOrder() {
    assertThat(CommitHeader.parents(bytes(COMMIT)))
        .containsExactly("1".repeat(40), "2".repeat(40));
  }

  @Test
  void textKeepsMessageAndWrittenHeadersButNotIdsIdentitiesOrSignatures() {
    String text = new String(CommitHeader.text(bytes(COMMIT)), StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("""
        mergetag object 3333333333333333333333333333333333333333
         type commit
         tag v1
        \s
         tag message AKIA1
        x-note hidden AKIA2

        merge the release
        """);
  }

  @Test
  void aTagKeepsItsNameAndMessage() {
    String tag = "object " + "3".repeat(40) + "\ntype commit\ntag v1\ntagger Dev <dev@example.com> 1 +0000\n\nrelease\n";

    assertThat(new String(CommitHeader.text(bytes(tag)), StandardCharsets.UTF_8)).isEqualTo("tag v1\n\nrelease\n");
  }

  @Test
  void anObjectWithoutMessageOrFinalNewlineIsReadToItsEnd() {
    assertThat(new String(CommitHeader.text(bytes("tree 1\nx-note end")), StandardCharsets.UTF_8))
        .isEqualTo("x-note end");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
