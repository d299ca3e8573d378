package dev.airlock.admin.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.trace.Trace;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/** One JSON array, {@code [obj,obj,…]}, of one object per trace (the JSON and Datadog formats). */
final class JsonArrayEncoder implements TraceEncoder {
  private final JsonGenerator out;
  private final Function<Trace, ObjectNode> shape;

  JsonArrayEncoder(ObjectMapper json, OutputStream stream, Function<Trace, ObjectNode> shape) throws IOException {
    this.out = json.getFactory().createGenerator(stream, JsonEncoding.UTF8)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    this.shape = shape;
    out.writeStartArray();
  }

  @Override
  public void trace(Trace trace) throws IOException {
    out.writeTree(shape.apply(trace));
  }

  @Override
  public void finish() throws IOException {
    out.writeEndArray();
    out.close(); // flushes; the stream stays open
  }
}
