package dev.airlock.proxy.normalize.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.pack.PackStatistics;

/**
 * A bare repository on disk, written through JGit, that produces the packs a git client pushes:
 * JGit's pack writer chooses deltas as git does (by path and size), thin packs included.
 */
public final class TestRepository implements AutoCloseable {
  private static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.com", 1_700_000_000_000L, 0);

  private final FileRepository repo;
  private final ObjectInserter inserter;

  public TestRepository(Path dir) {
    try {
      repo = new FileRepository(dir.toFile());
      repo.create(true);
      inserter = repo.newObjectInserter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ObjectId blob(String content) {
    return insert(() -> inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
  }

  /** A commit of the given files (path to content, top-level only). */
  public ObjectId commit(String message, Map<String, String> files, ObjectId... parents) {
    TreeFormatter tree = new TreeFormatter();
    new TreeMap<>(files).forEach((path, content) -> tree.append(path, FileMode.REGULAR_FILE, blob(content)));
    ObjectId treeId = insert(() -> inserter.insert(tree));
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(treeId);
    c.setParentIds(parents);
    c.setAuthor(DEV);
    c.setCommitter(DEV);
    c.setMessage(message);
    return insert(() -> inserter.insert(c));
  }

  public ObjectId tag(String name, String message, ObjectId commit) {
    TagBuilder t = new TagBuilder();
    t.setObjectId(commit, Constants.OBJ_COMMIT);
    t.setTag(name);
    t.setTagger(DEV);
    t.setMessage(message);
    return insert(() -> inserter.insert(t));
  }

  /**
   * The pack a client sends to move a ref from {@code have} to {@code want}: {@code thin} lets it
   * delta against objects of {@code have} without sending them; {@code ofsDelta} names in-pack
   * bases by offset (what current git does) rather than by id.
   */
  public Pack pack(Set<ObjectId> want, Set<ObjectId> have, boolean thin, boolean ofsDelta) {
    try {
      inserter.flush();
      try (PackWriter w = new PackWriter(repo)) {
        w.setThin(thin);
        w.setDeltaBaseAsOffset(ofsDelta);
        w.preparePack(NullProgressMonitor.INSTANCE, want, have);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
        return new Pack(out.toByteArray(), w.getStatistics());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A git-receive-pack request body: one command (with capabilities), a flush, then the pack. */
  public static byte[] receivePackBody(String oldId, String newId, String ref, byte[] pack) {
    String line = oldId + " " + newId + " " + ref + "\0 report-status side-band-64k ofs-delta agent=git/2.39.5\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(pack);
    return out.toByteArray();
  }

  @Override
  public void close() {
    inserter.close();
    repo.close();
  }

  private static ObjectId insert(Insert i) {
    try {
      return i.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Insert {
    ObjectId run() throws IOException;
  }

  /** A written pack and what JGit says it holds (how many objects were stored as deltas). */
  public record Pack(byte[] bytes, PackStatistics statistics) {
    public long blobDeltas() {
      return statistics.byObjectType(Constants.OBJ_BLOB).getDeltas();
    }
  }
}
