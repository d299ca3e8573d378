package dev.airlock.proxy.normalize.grpc;

import java.util.ArrayList;
import java.util.List;

/** The text a gRPC request's messages carry, for the detectors. */
public final class GrpcText {
  private GrpcText() {}

  /**
   * The texts of every plain message in {@code body} (as {@link GrpcFrames#decode} leaves it),
   * message after message, in order ({@link ProtobufText}).
   */
  public static List<String> of(byte[] body) {
    List<String> out = new ArrayList<>();
    GrpcFrames.forEachMessage(body, (buf, offset, length) -> ProtobufText.collect(buf, offset, length, out));
    return out;
  }
}
