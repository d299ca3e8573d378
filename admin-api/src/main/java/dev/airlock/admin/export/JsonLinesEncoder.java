package dev.airlock.admin.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.trace.Trace;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * One JSON object per trace, each on its own line ending in {@code \n} (NDJSON, and Splunk HEC
 * events concatenated). JSON escapes every line break inside a value, so lines never split.
 */
final class JsonLinesEncoder implements TraceEncoder {
  private final JsonGenerator out;
  private final Function<Trace, ObjectNode> shape;
  private boolean any;

  JsonLinesEncoder(ObjectMapper json, OutputStream stream, Function<Trace, ObjectNode> shape) throws IOException {
    this.out = json.getFactory().createGenerator(stream, JsonEncoding.UTF8)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    out.setRootValueSeparator(new SerializedString("\n"));
    this.shape = shape;
  }

  @Override
  public void trace(Trace trace) throws IOException {
    out.writeTree(shape.apply(trace));
    any = true;
  }

  @Override
  public void finish() throws IOException {
    if (any) {
      out.writeRaw('\n');
    }
    out.close(); // flushes; the stream stays open
  }
}
