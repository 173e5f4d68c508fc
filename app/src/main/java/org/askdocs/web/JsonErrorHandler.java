package org.askdocs.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import org.askdocs.json.Json;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The replies Jetty writes itself, before any route sees the request (a malformed request line, a
 * URI or headers too long, an unsupported HTTP version): the same JSON {@code {"error", "message"}}
 * and security headers as every other reply, never an HTML page, a stack trace or a server version.
 * Stateless and thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {
  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      @Nullable String message,
      @Nullable Throwable cause) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    securityHeaders(response);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    return true;
  }

  /**
   * The headers every reply carries (see {@link HttpGuard#securityHeaders}), on a reply Jetty
   * writes itself.
   */
  static void securityHeaders(Response response) {
    HttpFields.Mutable headers = response.getHeaders();
    HttpGuard.SECURITY_HEADERS.forEach(headers::put);
    headers.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
  }

  /** The JSON body for an HTTP status Jetty refused a request with. */
  static byte[] body(int code, @Nullable String detail) {
    String reason = HttpStatus.getMessage(code);
    String error =
        reason == null
            ? "http_" + code
            : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    String message =
        switch (code) {
          case 400 ->
              "the request is malformed"
                  + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
          case 414 ->
              "the URI is too long; a question is at most "
                  + WebServer.MAX_QUERY_CHARS
                  + " characters";
          case 431 ->
              "the request headers are too large (at most "
                  + WebServer.MAX_HEADER_BYTES / 1024
                  + " KB)";
          case 505 -> "only HTTP/1.0 and HTTP/1.1 are spoken here";
          default -> reason == null ? "the request was refused (HTTP " + code + ")" : reason;
        };
    return json(error, message);
  }

  static byte[] json(String error, String message) {
    try {
      return Json.MAPPER.writeValueAsBytes(new ApiError.Body(error, message));
    } catch (IOException e) {
      throw new IllegalStateException("two strings always serialize", e);
    }
  }

  /** Writes {@code {"error", "message"}} with this status on a servlet response. */
  static void write(HttpServletResponse res, int status, String error, String message)
      throws IOException {
    send(res, status, json(error, message));
  }

  /** Writes a JSON body with this status on a servlet response. */
  static void send(HttpServletResponse res, int status, byte[] json) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setContentLength(json.length);
    res.getOutputStream().write(json);
  }
}
