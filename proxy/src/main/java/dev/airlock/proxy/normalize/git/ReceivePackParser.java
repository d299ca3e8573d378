package dev.airlock.proxy.normalize.git;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.RefUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a git-receive-pack request body: the pkt-line command list ({@code old new ref}, the
 * first one followed by {@code \0capabilities}), a flush, optional push options, then the pack.
 * Each ref update gets a {@link ForcePush} by walking commit parents inside the pack from the new
 * id: meeting the old id means fast-forward; exhausting the walk means the old tip was left behind.
 *
 * <p>The same single read of the pack collects its files and commit messages for scanning ({@link
 * PackTextCollector}).
 *
 * <p>The walk sees only the pack, so a fast-forward onto commits the server already holds under
 * another ref (e.g. moving main to a pushed-earlier feature commit plus one new commit) reads as
 * TRUE; failing towards "force" is the safe side for policies that block force pushes.
 */
public final class ReceivePackParser {
  private static final int MAX_COMMANDS = 1000;
  private static final Pattern COMMAND =
      Pattern.compile("([0-9a-fA-F]{40}|[0-9a-fA-F]{64}) ([0-9a-fA-F]{40}|[0-9a-fA-F]{64}) (\\S+)");

  private final PackLimits limits;

  public ReceivePackParser(PackLimits limits) {
    this.limits = requireNonNull(limits, "limits");
  }

  /** @return the push, or empty when the body holds no readable command */
  public Optional<GitPush> parse(byte[] body) {
    try {
      return parseCommands(body).flatMap(this::toPush);
    } catch (RuntimeException e) {
      // Never fail the request on a body we cannot read; the caller treats it as "no push seen".
      return Optional.empty();
    }
  }

  private Optional<GitPush> toPush(Commands commands) {
    if (commands.updates().isEmpty()) {
      return Optional.empty();
    }
    boolean sha256 = commands.updates().get(0).oldId().length() == 64;
    CommitGraph graph = new CommitGraph();
    PackTextCollector texts = new PackTextCollector(limits.maxScannedBytes());
    boolean packRead;
    if (commands.packOffset() < 0) {
      packRead = false;
    } else if (commands.packOffset() == commands.body().length) {
      packRead = true; // nothing after the commands: ref deletions only, nothing to read
    } else {
      packRead = new PackWalker(limits, sha256)
          .walk(commands.body(), commands.packOffset(), List.of(graph, texts));
    }
    Optional<Map<String, List<String>>> parents = packRead ? graph.parents() : Optional.empty();
    List<RefUpdate> updates = new ArrayList<>();
    for (RefUpdate u : commands.updates()) {
      updates.add(new RefUpdate(u.oldId(), u.newId(), u.refName(), forcePush(u, parents)));
    }
    return Optional.of(new GitPush(updates, texts.texts(), packRead && texts.complete()));
  }

  private static ForcePush forcePush(RefUpdate u, Optional<Map<String, List<String>>> graph) {
    if (u.created() || u.deleted() || isZero(u.oldId()) || isZero(u.newId())) {
      return ForcePush.FALSE;
    }
    if (graph.isEmpty() || !graph.get().containsKey(u.newId())) {
      return ForcePush.UNKNOWN;
    }
    Map<String, List<String>> parents = graph.get();
    Deque<String> todo = new ArrayDeque<>(List.of(u.newId()));
    Set<String> seen = new HashSet<>(todo);
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (id.equals(u.oldId())) {
        return ForcePush.FALSE;
      }
      for (String parent : parents.getOrDefault(id, List.of())) {
        if (parent.equals(u.oldId())) {
          return ForcePush.FALSE;
        }
        if (parents.containsKey(parent) && seen.add(parent)) {
          todo.push(parent);
        }
      }
    }
    return ForcePush.TRUE;
  }

  private static boolean isZero(String id) {
    return id.chars().allMatch(c -> c == '0');
  }

  private static Optional<Commands> parseCommands(byte[] body) {
    PktLineReader in = new PktLineReader(body);
    List<RefUpdate> updates = new ArrayList<>();
    boolean pushOptions = false;
    String line;
    while ((line = in.next()) != null && updates.size() < MAX_COMMANDS) {
      int nul = line.indexOf('\0');
      if (nul >= 0) {
        pushOptions |= (" " + line.substring(nul + 1) + " ").contains(" push-options ");
        line = line.substring(0, nul);
      }
      // Matching by shape skips shallow lines and push-certificate headers around the commands.
      // git reads ids in either case: an upper-case id must not hide the command from us.
      var m = COMMAND.matcher(line.strip());
      if (m.matches()) {
        updates.add(new RefUpdate(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT),
            m.group(3), ForcePush.UNKNOWN));
      }
    }
    if (!in.sawFlush()) {
      return updates.isEmpty()
          ? Optional.empty()
          : Optional.of(new Commands(updates, body, -1));
    }
    if (pushOptions) {
      while (in.next() != null) {
        // push options are not needed to judge the push
      }
      if (!in.sawFlush()) {
        return Optional.of(new Commands(updates, body, -1));
      }
    }
    return Optional.of(new Commands(updates, body, in.position()));
  }

  /** @param packOffset where the pack starts ({@code body.length}: no pack), -1 when not found */
  private record Commands(List<RefUpdate> updates, byte[] body, int packOffset) {}

  /** pkt-lines: 4 hex digits of length (including themselves), "0000" is a flush. */
  private static final class PktLineReader {
    private final byte[] buf;
    private int pos;
    private boolean flush;

    PktLineReader(byte[] buf) {
      this.buf = buf;
    }

    /** @return the next line without its newline, or null at a flush or the end of input */
    String next() {
      flush = false;
      if (buf.length - pos < 4) {
        return null;
      }
      int len = Integer.parseInt(new String(buf, pos, 4, StandardCharsets.US_ASCII), 16);
      if (len == 0) {
        pos += 4;
        flush = true;
        return null;
      }
      if (len < 4 || len > buf.length - pos) {
        return null;
      }
      String line = new String(buf, pos + 4, len - 4, StandardCharsets.UTF_8);
      pos += len;
      return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    boolean sawFlush() {
      return flush;
    }

    int position() {
      return pos;
    }
  }
}
