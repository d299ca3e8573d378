package dev.airlock.proxy.normalize.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.PackText;
import dev.airlock.proxy.normalize.RefUpdate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files, commit and tag messages of pushed packs, as JGit writes them, reach the detectors. */
class PackContentTest {
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String AWS = "SECRETS.aws_access_key";
  private static final String ZERO = RefUpdate.ZERO_ID;
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults());
  /** Long enough, and similar enough between versions, for the pack writer to store deltas. */
  private static final String NOTES = IntStream.rangeClosed(1, 200)
      .mapToObj(i -> "release note " + i + ": the same long text that repeats with a number\n")
      .collect(Collectors.joining());

  @TempDir Path dir;
  private TestRepository repo;
  private final ReceivePackParser parser = new ReceivePackParser(PackLimits.DEFAULT);

  @BeforeEach
  void open() {
    repo = new TestRepository(dir.resolve("repo.git"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aKeyInAFileIsFound() {
    ObjectId c = repo.commit("add settings", Map.of("settings.py", "AWS_KEY = \"" + KEY + "\"\n"));

    GitPush push = parser.parse(create(c, repo.pack(Set.of(c), Set.of(), true, true))).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    assertThat(foundIn(push, AWS)).containsExactly("blob " + repo.blob("AWS_KEY = \"" + KEY + "\"\n").name());
  }

  @Test
  void aKeyInACommitMessageIsFound() {
    ObjectId c = repo.commit("deploy with " + KEY + "\n", Map.of("README", "hello\n"));

    GitPush push = parser.parse(create(c, repo.pack(Set.of(c), Set.of(), true, true))).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    assertThat(foundIn(push, AWS)).containsExactly("commit " + c.name());
  }

  @Test
  void aKeyInATagMessageIsFound() {
    ObjectId c = repo.commit("first", Map.of("README", "hello\n"));
    ObjectId tag = repo.tag("v1", "release, key " + KEY + "\n", c);

    GitPush push = parser.parse(TestRepository.receivePackBody(ZERO, tag.name(), "refs/tags/v1",
        repo.pack(Set.of(tag), Set.of(), true, true).bytes())).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    assertThat(foundIn(push, AWS)).containsExactly("tag " + tag.name());
  }

  /** Offset deltas are what git sends; ref deltas name an in-pack base by id. */
  @ParameterizedTest(name = "ofs-delta {0}")
  @ValueSource(booleans = {true, false})
  void aKeyInADeltaAgainstAFileOfThePackIsFound(boolean ofsDelta) {
    // The newer version is the smaller one, so the writer stores it as a delta of the older one.
    String older = NOTES + NOTES;
    String newer = NOTES.substring(0, NOTES.length() / 2) + "aws key " + KEY + "\n" + NOTES;
    ObjectId c1 = repo.commit("notes", Map.of("NOTES", older));
    ObjectId c2 = repo.commit("shorter notes", Map.of("NOTES", newer), c1);
    TestRepository.Pack pack = repo.pack(Set.of(c2), Set.of(), false, ofsDelta);
    assertThat(pack.blobDeltas()).as("blobs stored as deltas").isPositive();

    GitPush push = parser.parse(create(c2, pack)).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    String newerId = repo.blob(newer).name();
    assertThat(foundIn(push, AWS)).containsExactly("blob " + newerId);
    assertThat(push.packTexts()).filteredOn(t -> t.label().equals("blob " + newerId))
        .singleElement().satisfies(t -> assertThat(t.text()).isEqualTo(newer));
  }

  @Test
  void aKeyAddedToAFileTheServerHasIsFoundInTheThinDelta() {
    ObjectId c1 = repo.commit("notes", Map.of("NOTES", NOTES));
    ObjectId c2 = repo.commit("one more note", Map.of("NOTES", NOTES + "aws key " + KEY + "\n"), c1);
    TestRepository.Pack pack = repo.pack(Set.of(c2), Set.of(c1), true, true);
    assertThat(pack.blobDeltas()).as("blobs stored as deltas").isPositive();

    GitPush push = parser.parse(TestRepository.receivePackBody(c1.name(), c2.name(), "refs/heads/main",
        pack.bytes())).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    assertThat(foundIn(push, AWS)).containsExactly("delta on " + repo.blob(NOTES).name() + " (inserted bytes)");
    assertThat(push.forcePush()).isEqualTo(dev.airlock.proxy.normalize.ForcePush.FALSE);
  }

  @Test
  void aCleanPushHasTextsButNoFindings() {
    ObjectId c1 = repo.commit("notes", Map.of("NOTES", NOTES));
    ObjectId c2 = repo.commit("more notes", Map.of("NOTES", NOTES + "one more\n", "README", "hello\n"), c1);

    GitPush push = parser.parse(TestRepository.receivePackBody(c1.name(), c2.name(), "refs/heads/main",
        repo.pack(Set.of(c2), Set.of(c1), true, true).bytes())).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    assertThat(push.packTexts()).extracting(PackText::label).contains("commit " + c2.name(),
        "blob " + repo.blob("hello\n").name());
    assertThat(push.packTexts()).allSatisfy(t -> assertThat(DETECTORS.scan(t.text())).isEmpty());
  }

  @Test
  void aPackOverTheTextCapIsNotFullyInspected() {
    ObjectId c = repo.commit("notes", Map.of("NOTES", NOTES, "LATER", "aws key " + KEY + "\n"));
    byte[] body = create(c, repo.pack(Set.of(c), Set.of(), true, true));

    GitPush capped = new ReceivePackParser(new PackLimits(100_000, 64L << 20, 1 << 20, NOTES.length() - 1))
        .parse(body).orElseThrow();
    GitPush fits = new ReceivePackParser(new PackLimits(100_000, 64L << 20, 1 << 20, 64 << 10))
        .parse(body).orElseThrow();

    assertThat(capped.contentFullyInspected()).isFalse();
    assertThat(capped.packTexts()).extracting(PackText::label).doesNotContain("blob " + repo.blob(NOTES).name());
    assertThat(fits.contentFullyInspected()).isTrue();
  }

  @Test
  void aFileOverTheObjectLimitIsNotFullyInspected() {
    ObjectId c = repo.commit("notes", Map.of("NOTES", NOTES));
    byte[] body = create(c, repo.pack(Set.of(c), Set.of(), true, true));

    GitPush push = new ReceivePackParser(new PackLimits(100_000, 64L << 20, NOTES.length() - 1, 8 << 20))
        .parse(body).orElseThrow();

    assertThat(push.contentFullyInspected()).isFalse();
    assertThat(push.packTexts()).extracting(PackText::label).containsExactly("commit " + c.name());
  }

  @Test
  void aDamagedPackIsNotFullyInspected() {
    ObjectId c = repo.commit("notes", Map.of("NOTES", NOTES));
    byte[] body = create(c, repo.pack(Set.of(c), Set.of(), true, true));
    byte[] corrupt = body.clone();
    corrupt[corrupt.length - 1] ^= 0x55;

    assertThat(parser.parse(corrupt).orElseThrow().contentFullyInspected()).isFalse();
    assertThat(parser.parse(Arrays.copyOf(body, body.length - 30)).orElseThrow().contentFullyInspected())
        .isFalse();
  }

  @Test
  void aDeletionCarriesNoPackAndIsFullyInspected() {
    byte[] body = TestRepository.receivePackBody("a".repeat(40), ZERO, "refs/heads/old", new byte[0]);

    GitPush push = parser.parse(body).orElseThrow();

    assertThat(push.contentFullyInspected()).isTrue();
    assertThat(push.packTexts()).isEmpty();
  }

  @Test
  void aCommandListWithoutItsFlushHidesWhatFollowsAndIsNotFullyInspected() {
    byte[] body = TestRepository.receivePackBody("a".repeat(40), "b".repeat(40), "refs/heads/main", new byte[0]);
    byte[] unterminated = Arrays.copyOf(body, body.length - 4);

    assertThat(parser.parse(unterminated).orElseThrow().contentFullyInspected()).isFalse();
  }

  @Test
  void packTextsNeverPrintTheirContent() {
    assertThat(new PackText("blob 1", "key " + KEY).toString()).doesNotContain(KEY).contains("blob 1");
  }

  private byte[] create(ObjectId commit, TestRepository.Pack pack) {
    return TestRepository.receivePackBody(ZERO, commit.name(), "refs/heads/main", pack.bytes());
  }

  /** Labels of the texts in which the detector finds something. */
  private static List<String> foundIn(GitPush push, String detectorId) {
    return push.packTexts().stream()
        .filter(t -> DETECTORS.scan(t.text()).stream().map(Finding::detectorId).anyMatch(detectorId::equals))
        .map(PackText::label)
        .toList();
  }
}
