package dev.airlock.admin.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The body of a streamed response as an {@link OutputStream}: bytes are gathered into chunks of
 * {@link #CHUNK_BYTES} and written to the connection as HTTP chunks. The headers go with the first
 * chunk: until then ({@link #started} false) the response can still be replaced by an error, e.g.
 * when the query behind the body fails before its first rows. Used from one thread of the
 * store executor. While the connection's outbound buffer is above its high-water mark, a write
 * waits until the chunks already handed over are sent, so the client's reading pace sets the
 * pace of whoever produces the body and at most about two chunks are held per response.
 *
 * <p>A client that reads nothing for {@code stallTimeout} is disconnected. When the connection
 * closes before {@link #finish}, the action given to {@link #onAbort} runs (once, on {@code
 * abortExecutor}, never on the event loop): it cancels whatever is still producing the body.
 */
final class ChunkedBodyOutput extends OutputStream {
  static final int CHUNK_BYTES = 32 * 1024;

  private final Channel channel;
  private final HttpResponse head;
  private final Duration stallTimeout;
  private final Executor abortExecutor;
  private ByteBuf chunk;
  private ChannelFuture lastWrite;
  private ChannelFutureListener closeListener;
  private boolean started;
  private volatile boolean done;

  /** @param head the status and headers, sent with the first chunk */
  ChunkedBodyOutput(Channel channel, HttpResponse head, Duration stallTimeout, Executor abortExecutor) {
    this.channel = channel;
    this.head = head;
    this.stallTimeout = stallTimeout;
    this.abortExecutor = abortExecutor;
  }

  /** Runs {@code action} if the connection closes before the body is finished. */
  void onAbort(Runnable action) {
    closeListener = f -> {
      if (!done) {
        abortExecutor.execute(action);
      }
    };
    channel.closeFuture().addListener(closeListener);
  }

  @Override
  public void write(int b) throws IOException {
    buffer().writeByte(b);
    emitIfFull();
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      ByteBuf buf = buffer();
      int n = Math.min(length, buf.writableBytes());
      buf.writeBytes(bytes, offset, n);
      offset += n;
      length -= n;
      emitIfFull();
    }
  }

  /** Kept chunk-sized: encoders flush often, and a chunk per flush would mean tiny chunks. */
  @Override
  public void flush() {}

  /** Whether the headers were sent: from then on, only this body can answer the request. */
  boolean started() {
    return started;
  }

  /** Sends what is left and the last chunk, completing the response. */
  void finish() throws IOException {
    emit();
    done = true;
    sendHead();
    removeCloseListener();
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  /** Ends the response without its last chunk by closing the connection. */
  void abort() {
    discard();
    channel.close();
  }

  /** Drops what was gathered and stops watching the connection, leaving it open (not started only). */
  void discard() {
    done = true;
    removeCloseListener();
    release();
  }

  @Override
  public void close() {
    release();
  }

  private ByteBuf buffer() throws IOException {
    if (done) {
      throw new IOException("response already ended");
    }
    if (chunk == null) {
      chunk = channel.alloc().buffer(CHUNK_BYTES, CHUNK_BYTES);
    }
    return chunk;
  }

  private void emitIfFull() throws IOException {
    if (chunk != null && chunk.writableBytes() == 0) {
      emit();
    }
  }

  private void emit() throws IOException {
    if (chunk == null || !chunk.isReadable()) {
      return;
    }
    if (!channel.isActive()) {
      release();
      throw new ClientGoneException("the client closed the connection");
    }
    ByteBuf out = chunk;
    chunk = null;
    sendHead();
    lastWrite = channel.writeAndFlush(new DefaultHttpContent(out));
    if (!channel.isWritable()) {
      awaitSent();
    }
  }

  private void awaitSent() throws IOException {
    if (!lastWrite.awaitUninterruptibly(stallTimeout.toMillis())) {
      channel.close();
      throw new ClientGoneException("the client read nothing for " + stallTimeout.toSeconds() + "s");
    }
    if (!lastWrite.isSuccess()) {
      throw new ClientGoneException("the client closed the connection");
    }
  }

  private void sendHead() {
    if (!started) {
      started = true;
      channel.write(head);
    }
  }

  private void release() {
    if (chunk != null) {
      chunk.release();
      chunk = null;
    }
  }

  private void removeCloseListener() {
    if (closeListener != null) {
      channel.closeFuture().removeListener(closeListener);
    }
  }

  /** The connection ended before the body did. */
  static final class ClientGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGoneException(String message) {
      super(message);
    }
  }
}
