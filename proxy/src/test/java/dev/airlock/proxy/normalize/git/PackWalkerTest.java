package dev.airlock.proxy.normalize.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Pack shapes git's writers rarely produce but a hostile client can: delta chains over a missing
 * base, ref deltas whose base comes later, and deltas that rebuild far more than they weigh.
 */
class PackWalkerTest {
  private static final String MISSING = "ab".repeat(20);
  private final PackWalker walker = new PackWalker(PackLimits.DEFAULT, false);

  @Test
  void aDeltaOnAThinDeltaIsReadForWhatItInsertsAndNamesTheMissingBase() {
    HandPack pack = new HandPack();
    pack.refDelta(MISSING, delta(100, 103, copy(0, 100), insert("one")));
    int first = pack.lastOffset();
    pack.ofsDelta(first, delta(103, 106, copy(0, 103), insert("two")));

    Recorder r = walk(pack);

    assertThat(r.complete).isTrue();
    assertThat(r.events).containsExactly("thin " + MISSING + " one", "thin " + MISSING + " two");
  }

  @Test
  void aRefDeltaWhoseBaseComesLaterIsRebuilt() {
    byte[] base = "base text\n".getBytes(StandardCharsets.US_ASCII);
    HandPack pack = new HandPack();
    pack.refDelta(blobId(base), delta(base.length, base.length + 5, copy(0, base.length), insert("added")));
    pack.whole(PackWalker.OBJ_BLOB, base);

    Recorder r = walk(pack);

    assertThat(r.complete).isTrue();
    assertThat(r.events).containsExactly("blob base text\n", "blob base text\nadded");
  }

  @Test
  void deltasThatRebuildMoreThanTheInflateLimitStopTheWalk() {
    // Each 7-byte delta copies the whole 64 KiB base: 100 of them would rebuild 6.4 MiB.
    byte[] base = new byte[1 << 16];
    HandPack pack = new HandPack();
    pack.whole(PackWalker.OBJ_BLOB, base);
    int baseOffset = pack.lastOffset();
    for (int i = 0; i < 100; i++) {
      pack.ofsDelta(baseOffset, delta(base.length, base.length, copy(0, base.length)));
    }
    PackWalker tight = new PackWalker(new PackLimits(100_000, 1 << 20, 1 << 20, 64L << 20), false);

    Recorder r = new Recorder();
    boolean complete = tight.walk(pack.bytes(), 0, List.of(r));

    assertThat(complete).isFalse();
    assertThat(r.events.size()).isLessThan(17);
  }

  @Test
  void aDeltaThatDoesNotFitItsBaseStopsTheWalk() {
    byte[] base = "short".getBytes(StandardCharsets.US_ASCII);
    HandPack pack = new HandPack();
    pack.whole(PackWalker.OBJ_BLOB, base);
    pack.ofsDelta(pack.lastOffset(), delta(base.length, 50, copy(0, 50)));

    assertThat(walk(pack).complete).isFalse();
  }

  @Test
  void deltasOnObjectsNobodyWantsAreSkipped() {
    byte[] tree = "100644 a\0xxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.ISO_8859_1);
    HandPack pack = new HandPack();
    pack.whole(PackWalker.OBJ_TREE, tree);
    pack.ofsDelta(pack.lastOffset(), delta(tree.length, tree.length + 3, copy(0, tree.length), insert("AKI")));

    Recorder r = walk(pack);

    assertThat(r.complete).isTrue();
    assertThat(r.events).isEmpty();
  }

  private Recorder walk(HandPack pack) {
    Recorder r = new Recorder();
    r.complete = walker.walk(pack.bytes(), 0, List.of(r));
    return r;
  }

  private static String blobId(byte[] content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] delta(int baseSize, int resultSize, byte[]... ops) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, baseSize);
    varint(out, resultSize);
    for (byte[] op : ops) {
      out.writeBytes(op);
    }
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** A copy with a 2-byte offset and a 2-byte size (0 stands for 64 KiB). */
  private static byte[] copy(int offset, int size) {
    return new byte[] {(byte) 0xb3, (byte) offset, (byte) (offset >> 8), (byte) size, (byte) (size >> 8)};
  }

  private static byte[] insert(String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    byte[] op = new byte[t.length + 1];
    op[0] = (byte) t.length;
    System.arraycopy(t, 0, op, 1, t.length);
    return op;
  }

  /** Records what the walk hands over: "blob <text>" and "thin <base> <inserted text>". */
  private static final class Recorder implements PackWalker.Visitor {
    final List<String> events = new ArrayList<>();
    boolean complete;

    @Override
    public boolean wants(int type) {
      return type == PackWalker.OBJ_BLOB;
    }

    @Override
    public void object(int type, String id, byte[] content) {
      events.add("blob " + new String(content, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void tooLarge(int type) {
      events.add("too large " + type);
    }

    @Override
    public void thinDelta(String baseId, byte[] delta) {
      events.add("thin " + baseId + " "
          + new String(BinaryDelta.inserted(delta).orElseThrow(), StandardCharsets.ISO_8859_1));
    }
  }

  /** Writes a version 2 pack entry by entry, with its SHA-1 trailer. */
  private static final class HandPack {
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private int count;
    private int lastOffset;

    void whole(int type, byte[] content) {
      header(type, content.length);
      entries.writeBytes(deflate(content));
    }

    void refDelta(String baseId, byte[] delta) {
      header(PackWalker.OBJ_REF_DELTA, delta.length);
      entries.writeBytes(HexFormat.of().parseHex(baseId));
      entries.writeBytes(deflate(delta));
    }

    void ofsDelta(int baseOffset, byte[] delta) {
      header(PackWalker.OBJ_OFS_DELTA, delta.length);
      long distance = lastOffset - baseOffset;
      byte[] enc = new byte[10];
      int i = enc.length - 1;
      enc[i] = (byte) (distance & 0x7f);
      while ((distance >>= 7) != 0) {
        distance--;
        enc[--i] = (byte) (0x80 | (distance & 0x7f));
      }
      entries.write(enc, i, enc.length - i);
      entries.writeBytes(deflate(delta));
    }

    /** Offset of the entry written last, from the start of the pack. */
    int lastOffset() {
      return lastOffset;
    }

    byte[] bytes() {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PACK".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 2});
        out.writeBytes(new byte[] {(byte) (count >> 24), (byte) (count >> 16), (byte) (count >> 8), (byte) count});
        out.writeBytes(entries.toByteArray());
        out.writeBytes(MessageDigest.getInstance("SHA-1").digest(out.toByteArray()));
        return out.toByteArray();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private void header(int type, long size) {
      lastOffset = 12 + entries.size();
      count++;
      int c = (type << 4) | (int) (size & 0x0f);
      size >>>= 4;
      while (size != 0) {
        entries.write(c | 0x80);
        c = (int) (size & 0x7f);
        size >>>= 7;
      }
      entries.write(c);
    }

    private static byte[] deflate(byte[] data) {
      Deflater d = new Deflater();
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      d.end();
      return out.toByteArray();
    }
  }
}
