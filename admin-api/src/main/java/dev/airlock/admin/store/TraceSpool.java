package dev.airlock.admin.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.trace.Trace;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bounded on-disk queue of traces ({@code traces-*.ndjson}, one {@link TraceJson} object per
 * line) used while the database cannot take them. Appends go to the newest file; {@link
 * #sealedFiles()} closes it so that all files can be replayed and deleted.
 */
final class TraceSpool implements AutoCloseable {
  // Rolling keeps one replayed file's worth of rows bounded and lets finished files be deleted.
  private static final long ROLL_BYTES = 16L * 1024 * 1024;

  private final Path dir;
  private final long maxBytes;
  private final ObjectMapper json;
  // Volatile so the metrics can read it without waiting for an append's disk write.
  private volatile long totalBytes;
  private long sequence;
  private Path currentFile;
  private BufferedWriter current;
  private long currentBytes;

  TraceSpool(Path dir, long maxBytes, ObjectMapper json) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.json = json;
    try {
      Files.createDirectories(dir);
      for (Path file : list()) {
        totalBytes += Files.size(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open trace spool " + dir, e);
    }
  }

  /** Appends all traces, or none when that would exceed the size cap; returns whether it did. */
  synchronized boolean append(List<Trace> traces) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Trace t : traces) {
      lines.append(json.writeValueAsString(TraceJson.toJson(t))).append('\n');
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    if (totalBytes + bytes.length > maxBytes) {
      return false;
    }
    if (current == null || currentBytes >= ROLL_BYTES) {
      roll();
    }
    current.write(lines.toString());
    current.flush();
    currentBytes += bytes.length;
    totalBytes += bytes.length;
    return true;
  }

  synchronized boolean isEmpty() {
    return totalBytes == 0 && current == null;
  }

  long bytes() {
    return totalBytes;
  }

  /** Closes the file being appended to and lists every spool file, oldest first. */
  synchronized List<Path> sealedFiles() throws IOException {
    closeCurrent();
    return list();
  }

  /** Reads one file, handing traces to {@code sink} in order; unreadable lines are skipped. */
  void read(Path file, Consumer<Trace> sink) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          sink.accept(TraceJson.fromJson(json.readTree(line)));
        } catch (IOException | RuntimeException e) {
          // A torn last line (crash mid-write) must not block the rest of the spool.
          continue;
        }
      }
    }
  }

  synchronized void delete(Path file) throws IOException {
    long size = Files.size(file);
    Files.delete(file);
    totalBytes = Math.max(0, totalBytes - size);
  }

  @Override
  public synchronized void close() throws IOException {
    closeCurrent();
  }

  private void roll() throws IOException {
    closeCurrent();
    currentFile =
        dir.resolve(String.format("traces-%013d-%06d.ndjson", System.currentTimeMillis(), sequence++));
    current =
        Files.newBufferedWriter(
            currentFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    currentBytes = 0;
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      current.close();
      current = null;
      currentFile = null;
    }
  }

  private List<Path> list() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "traces-*.ndjson")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    return files;
  }
}
