package dev.airlock.proxy.normalize.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;

/**
 * Walks the entries of a pack (version 2 or 3) once, in order: inflates each entry, keeps the whole
 * objects its visitors want, rebuilds the deltas whose base it kept, and checks the trailer
 * checksum. Objects nobody wants (trees, in practice) are inflated only to find where the next
 * entry starts, and deltas against them are skipped alike. A delta whose base is not in the pack
 * (a thin pack's delta against an object the server already has) is handed over as it is.
 */
final class PackWalker {
  static final int OBJ_COMMIT = 1;
  static final int OBJ_TREE = 2;
  static final int OBJ_BLOB = 3;
  static final int OBJ_TAG = 4;
  static final int OBJ_OFS_DELTA = 6;
  static final int OBJ_REF_DELTA = 7;
  private static final String[] TYPE_NAMES = {"", "commit", "tree", "blob", "tag"};

  /** One reader of the pack: what it wants from the walk, and what it is told. */
  interface Visitor {
    /** Whether whole objects of {@code type} (commit, tree, blob or tag) are wanted from now on. */
    boolean wants(int type);

    /** A wanted object with deltas applied; deltas whose base comes later arrive after the walk. */
    void object(int type, String id, byte[] content);

    /**
     * An object whose content is not seen: larger than the object limit, or a delta too large to
     * keep.
     *
     * @param type the object type, or {@link #OBJ_REF_DELTA} when only the delta was known
     */
    void tooLarge(int type);

    /**
     * A delta whose base is not in the pack: only the delta itself is known.
     *
     * @param baseId the missing base (for a chain of deltas, the base of the first one)
     */
    void thinDelta(String baseId, byte[] delta);
  }

  private final PackLimits limits;
  private final String digestAlgorithm;
  private final int idLength;

  /** @param sha256 true for repositories using object-format=sha256 */
  PackWalker(PackLimits limits, boolean sha256) {
    this.limits = limits;
    this.digestAlgorithm = sha256 ? "SHA-256" : "SHA-1";
    this.idLength = sha256 ? 32 : 20;
  }

  /**
   * Reads the pack that starts at {@code buf[start]} and ends with the buffer.
   *
   * @return true when every entry and the trailer checksum were read; false when the pack is
   *     truncated, corrupt or past the limits, in which case the visitors saw only part of it
   */
  boolean walk(byte[] buf, int start, List<Visitor> visitors) {
    try (EntryInflater inflater = new EntryInflater(limits)) {
      return new Pass(buf, start, visitors, inflater).run();
    } catch (DataFormatException | RuntimeException e) {
      // A malformed pack is the agent's problem, not the proxy's: the caller learns it was not read.
      return false;
    }
  }

  /** State of one walk: cursor, the objects kept so far, and the deltas waiting for a base. */
  private final class Pass {
    private final byte[] buf;
    private final int start;
    private final List<Visitor> visitors;
    private final EntryInflater inflater;
    private final Map<Integer, Kept> keptByOffset = new HashMap<>();
    private final Map<String, Kept> keptById = new HashMap<>();
    /** Entries read but not kept: nobody wanted them, or they were too large. */
    private final Set<Integer> skipped = new HashSet<>();
    /** Deltas whose base is not known yet, in pack order. */
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    private int pos;

    Pass(byte[] buf, int start, List<Visitor> visitors, EntryInflater inflater) {
      this.buf = buf;
      this.start = start;
      this.visitors = visitors;
      this.inflater = inflater;
      this.pos = start;
    }

    boolean run() throws DataFormatException {
      if (buf.length - start < 12 + idLength || !hasMagic()) {
        return false;
      }
      int version = readInt(start + 4);
      long count = readInt(start + 8) & 0xffffffffL;
      if ((version != 2 && version != 3) || count > limits.maxObjects()) {
        return false;
      }
      pos = start + 12;
      for (long i = 0; i < count; i++) {
        readEntry();
      }
      if (buf.length - pos != idLength || !trailerMatches()) {
        return false;
      }
      resolvePending();
      return true;
    }

    private void readEntry() throws DataFormatException {
      int entryOffset = pos;
      int c = next();
      int type = (c >> 4) & 7;
      long size = c & 0x0f;
      int shift = 4;
      while ((c & 0x80) != 0) {
        c = next();
        size |= (long) (c & 0x7f) << shift;
        shift += 7;
        if (shift > 60) {
          throw new IllegalStateException("object size overflow");
        }
      }
      if (type >= OBJ_COMMIT && type <= OBJ_TAG) {
        readWhole(entryOffset, type, size);
      } else if (type == OBJ_OFS_DELTA) {
        long distance = readOffsetDelta();
        if (distance <= 0 || distance > entryOffset - start) {
          throw new IllegalStateException("delta base outside the pack");
        }
        readOfsDelta(entryOffset, entryOffset - (int) distance, size);
      } else if (type == OBJ_REF_DELTA) {
        String baseId = PackWalker.hex(buf, take(idLength), idLength);
        readRefDelta(entryOffset, baseId, size);
      } else {
        throw new IllegalStateException("bad object type " + type);
      }
    }

    private void readWhole(int offset, int type, long size) throws DataFormatException {
      if (!wanted(type)) {
        inflate(size, false);
        skipped.add(offset);
        return;
      }
      byte[] content = inflate(size, true);
      if (content == null) {
        tooLarge(offset, type);
      } else {
        keep(offset, type, content);
      }
    }

    private void readOfsDelta(int offset, int baseOffset, long size) throws DataFormatException {
      Kept base = keptByOffset.get(baseOffset);
      if (base != null || pending.containsKey(baseOffset)) {
        byte[] delta = inflate(size, true);
        if (delta == null) {
          tooLarge(offset, base != null ? base.type() : OBJ_REF_DELTA);
        } else if (base != null) {
          rebuild(offset, base, delta);
        } else {
          pending.put(offset, new Pending(null, baseOffset, delta));
        }
      } else if (skipped.contains(baseOffset)) {
        inflate(size, false);
        skipped.add(offset);
      } else {
        throw new IllegalStateException("delta base is not an entry");
      }
    }

    private void readRefDelta(int offset, String baseId, long size) throws DataFormatException {
      byte[] delta = inflate(size, true);
      Kept base = keptById.get(baseId);
      if (delta == null) {
        tooLarge(offset, base != null ? base.type() : OBJ_REF_DELTA);
      } else if (base != null) {
        rebuild(offset, base, delta);
      } else {
        // The base may come later in the pack, or be an object the server already has.
        pending.put(offset, new Pending(baseId, -1, delta));
      }
    }

    /** Applies the deltas whose base turned up late; what is left has its base outside the pack. */
    private void resolvePending() {
      boolean progress = true;
      while (progress && !pending.isEmpty()) {
        progress = false;
        for (Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<Integer, Pending> e = it.next();
          Pending d = e.getValue();
          Kept base = d.baseId() != null ? keptById.get(d.baseId()) : keptByOffset.get(d.baseOffset());
          if (base != null) {
            it.remove();
            progress = true;
            rebuild(e.getKey(), base, d.delta());
          } else if (d.baseId() == null && skipped.contains(d.baseOffset())) {
            it.remove();
            progress = true;
            skipped.add(e.getKey());
          }
        }
      }
      for (Pending d : pending.values()) {
        String baseId = rootBaseId(d);
        for (Visitor v : visitors) {
          v.thinDelta(baseId, d.delta());
        }
      }
    }

    private String rootBaseId(Pending d) {
      Pending p = d;
      while (p != null && p.baseId() == null) {
        p = pending.get(p.baseOffset());
      }
      return p == null ? "" : p.baseId();
    }

    private void rebuild(int offset, Kept base, byte[] delta) {
      if (!wanted(base.type())) {
        skipped.add(offset);
        return;
      }
      long size = BinaryDelta.resultSize(delta);
      if (size < 0) {
        throw new IllegalStateException("bad delta header");
      }
      if (size > limits.maxObjectBytes()) {
        tooLarge(offset, base.type());
        return;
      }
      inflater.charge(size);
      byte[] content = BinaryDelta.apply(base.content(), delta, limits.maxObjectBytes())
          .orElseThrow(() -> new IllegalStateException("delta does not fit its base"));
      keep(offset, base.type(), content);
    }

    private void keep(int offset, int type, byte[] content) {
      Kept kept = new Kept(type, content);
      String id = objectId(type, content);
      keptByOffset.put(offset, kept);
      keptById.put(id, kept);
      for (Visitor v : visitors) {
        if (v.wants(type)) {
          v.object(type, id, content);
        }
      }
    }

    private void tooLarge(int offset, int type) {
      skipped.add(offset);
      for (Visitor v : visitors) {
        v.tooLarge(type);
      }
    }

    private boolean wanted(int type) {
      for (Visitor v : visitors) {
        if (v.wants(type)) {
          return true;
        }
      }
      return false;
    }

    private byte[] inflate(long size, boolean keep) throws DataFormatException {
      EntryInflater.Inflated result = inflater.inflate(buf, pos, size, keep);
      pos += result.consumed();
      return result.content();
    }

    private long readOffsetDelta() {
      int c = next();
      long offset = c & 0x7f;
      while ((c & 0x80) != 0) {
        c = next();
        offset = ((offset + 1) << 7) | (c & 0x7f);
        if (offset > Integer.MAX_VALUE) {
          throw new IllegalStateException("delta offset overflow");
        }
      }
      return offset;
    }

    private String objectId(int type, byte[] content) {
      MessageDigest md = digest();
      md.update((TYPE_NAMES[type] + " " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      byte[] id = md.digest(content);
      return PackWalker.hex(id, 0, id.length);
    }

    private boolean trailerMatches() {
      MessageDigest md = digest();
      md.update(buf, start, pos - start);
      return Arrays.equals(md.digest(), Arrays.copyOfRange(buf, pos, buf.length));
    }

    private MessageDigest digest() {
      try {
        return MessageDigest.getInstance(digestAlgorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private boolean hasMagic() {
      return buf[start] == 'P' && buf[start + 1] == 'A' && buf[start + 2] == 'C'
          && buf[start + 3] == 'K';
    }

    private int readInt(int at) {
      return ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8)
          | (buf[at + 3] & 0xff);
    }

    private int next() {
      if (pos >= buf.length) {
        throw new IllegalStateException("truncated pack");
      }
      return buf[pos++] & 0xff;
    }

    private int take(int n) {
      if (buf.length - pos < n) {
        throw new IllegalStateException("truncated pack");
      }
      int at = pos;
      pos += n;
      return at;
    }
  }

  private record Kept(int type, byte[] content) {}

  /** A delta waiting for its base: named by id (ref delta) or by entry offset (offset delta). */
  private record Pending(String baseId, int baseOffset, byte[] delta) {}

  static String hex(byte[] b, int from, int len) {
    StringBuilder sb = new StringBuilder(len * 2);
    for (int i = from; i < from + len; i++) {
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
