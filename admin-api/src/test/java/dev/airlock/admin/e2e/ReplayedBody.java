package dev.airlock.admin.e2e;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/** An exchange whose request body was already read (and recorded) and is served again. */
final class ReplayedBody extends HttpExchange {
  private final HttpExchange ex;
  private final InputStream body;

  ReplayedBody(HttpExchange ex, byte[] body) {
    this.ex = ex;
    this.body = new ByteArrayInputStream(body);
  }

  @Override public Headers getRequestHeaders() { return ex.getRequestHeaders(); }
  @Override public Headers getResponseHeaders() { return ex.getResponseHeaders(); }
  @Override public URI getRequestURI() { return ex.getRequestURI(); }
  @Override public String getRequestMethod() { return ex.getRequestMethod(); }
  @Override public HttpContext getHttpContext() { return ex.getHttpContext(); }
  @Override public void close() { ex.close(); }
  @Override public InputStream getRequestBody() { return body; }
  @Override public OutputStream getResponseBody() { return ex.getResponseBody(); }
  @Override public void sendResponseHeaders(int code, long length) throws IOException { ex.sendResponseHeaders(code, length); }
  @Override public InetSocketAddress getRemoteAddress() { return ex.getRemoteAddress(); }
  @Override public int getResponseCode() { return ex.getResponseCode(); }
  @Override public InetSocketAddress getLocalAddress() { return ex.getLocalAddress(); }
  @Override public String getProtocol() { return ex.getProtocol(); }
  @Override public Object getAttribute(String name) { return ex.getAttribute(name); }
  @Override public void setAttribute(String name, Object value) { ex.setAttribute(name, value); }
  @Override public void setStreams(InputStream i, OutputStream o) { ex.setStreams(i, o); }
  @Override public HttpPrincipal getPrincipal() { return ex.getPrincipal(); }
}
