package dev.airlock.proxy.normalize.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;

/**
 * Reads the commit graph carried by a pack (version 2 or 3): commit id to parent ids. Trees and
 * blobs are inflated only to find where the next entry starts. Deltas are resolved when their base
 * is a commit inside the pack; deltas against objects the server already has (thin packs) are
 * skipped, which only ever makes a ref's force status UNKNOWN, never wrong.
 */
final class PackCommitReader {
  private static final int OBJ_COMMIT = 1;
  private static final int OBJ_OFS_DELTA = 6;
  private static final int OBJ_REF_DELTA = 7;

  private final PackLimits limits;
  private final String digestAlgorithm;
  private final int idLength;

  /** @param sha256 true for repositories using object-format=sha256 */
  PackCommitReader(PackLimits limits, boolean sha256) {
    this.limits = limits;
    this.digestAlgorithm = sha256 ? "SHA-256" : "SHA-1";
    this.idLength = sha256 ? 32 : 20;
  }

  /**
   * @return commit id (hex) to parent ids, or empty when the pack is truncated, corrupt (bad
   *     trailer checksum included) or exceeds the limits
   */
  Optional<Map<String, List<String>>> read(byte[] buf, int start) {
    try {
      return new Pass(buf, start).run();
    } catch (DataFormatException | RuntimeException e) {
      // A malformed pack is the agent's problem, not the proxy's: it just yields no answer.
      return Optional.empty();
    }
  }

  /** State of one read: cursor, inflater, and the commits found so far. */
  private final class Pass {
    private final byte[] buf;
    private final int start;
    private final EntryInflater inflater = new EntryInflater(limits);
    private final Map<Integer, byte[]> commitsByOffset = new HashMap<>();
    private final Map<String, byte[]> commitsById = new HashMap<>();
    private final List<PendingRefDelta> pendingRefDeltas = new ArrayList<>();
    private int pos;

    Pass(byte[] buf, int start) {
      this.buf = buf;
      this.start = start;
      this.pos = start;
    }

    Optional<Map<String, List<String>>> run() throws DataFormatException {
      try {
        if (buf.length - start < 12 + idLength || !hasMagic()) {
          return Optional.empty();
        }
        int version = readInt(start + 4);
        long count = readInt(start + 8) & 0xffffffffL;
        if ((version != 2 && version != 3) || count > limits.maxObjects()) {
          return Optional.empty();
        }
        pos = start + 12;
        for (long i = 0; i < count; i++) {
          readEntry();
        }
        if (buf.length - pos != idLength || !trailerMatches()) {
          return Optional.empty();
        }
        resolvePendingRefDeltas();
        return Optional.of(parentsById());
      } finally {
        inflater.close();
      }
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
      if (type == OBJ_OFS_DELTA) {
        int base = entryOffset - (int) readOffsetDelta();
        boolean baseIsCommit = commitsByOffset.containsKey(base);
        byte[] delta = inflate(size, baseIsCommit);
        if (baseIsCommit) {
          requireKept(delta);
          BinaryDelta.apply(commitsByOffset.get(base), delta, limits.maxObjectBytes())
              .ifPresent(commit -> addCommit(entryOffset, commit));
        }
      } else if (type == OBJ_REF_DELTA) {
        String baseId = hex(buf, take(idLength), idLength);
        // Kept until all commits are known: the base may come later in the pack. git's thin packs
        // delta only trees and blobs against objects outside the pack, so an oversized or
        // unresolvable ref delta is not a commit in practice.
        byte[] delta = inflate(size, size <= limits.maxObjectBytes());
        if (delta != null) {
          pendingRefDeltas.add(new PendingRefDelta(entryOffset, baseId, delta));
        }
      } else if (type == OBJ_COMMIT) {
        addCommit(entryOffset, requireKept(inflate(size, true)));
      } else if (type >= 1 && type <= 4) {
        inflate(size, false);
      } else {
        throw new IllegalStateException("bad object type " + type);
      }
    }

    /** A commit we could not keep would hide its parents from the walk: give up instead. */
    private byte[] requireKept(byte[] content) {
      if (content == null) {
        throw new IllegalStateException("commit larger than the object limit");
      }
      return content;
    }

    private void resolvePendingRefDeltas() {
      boolean progress = true;
      while (progress && !pendingRefDeltas.isEmpty()) {
        progress = false;
        for (var it = pendingRefDeltas.iterator(); it.hasNext(); ) {
          PendingRefDelta d = it.next();
          byte[] base = commitsById.get(d.baseId());
          if (base != null) {
            it.remove();
            progress = true;
            BinaryDelta.apply(base, d.delta(), limits.maxObjectBytes())
                .ifPresent(commit -> addCommit(d.offset(), commit));
          }
        }
      }
    }

    private void addCommit(int offset, byte[] content) {
      commitsByOffset.put(offset, content);
      commitsById.put(objectId(content), content);
    }

    private Map<String, List<String>> parentsById() {
      Map<String, List<String>> parents = new HashMap<>();
      commitsById.forEach((id, content) -> parents.put(id, CommitHeader.parents(content)));
      return parents;
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

    private String objectId(byte[] content) {
      MessageDigest md = digest();
      md.update(("commit " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      byte[] id = md.digest(content);
      return hex(id, 0, id.length);
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

  private record PendingRefDelta(int offset, String baseId, byte[] delta) {}

  static String hex(byte[] b, int from, int len) {
    StringBuilder sb = new StringBuilder(len * 2);
    for (int i = from; i < from + len; i++) {
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
