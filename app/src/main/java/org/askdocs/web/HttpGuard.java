package org.askdocs.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The first thing every request meets, whichever servlet answers it (Javalin's routes or the MCP
 * endpoint): the same security headers on every reply, and only the methods a route needs — TRACE,
 * PUT, PATCH and the rest are refused with a JSON 405 before anything echoes a header back.
 * Stateless and thread-safe.
 */
final class HttpGuard extends HttpFilter {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  private static final List<String> READ = List.of("GET", "HEAD");
  private static final List<String> MCP = List.of("GET", "POST", "DELETE");

  private final boolean cors;

  /** @param cors whether browsers from another origin may call the API (their preflight is an OPTIONS request) */
  HttpGuard(boolean cors) {
    this.cors = cors;
  }

  /** The headers every reply carries, errors included (Jetty's own error pages get them from {@link JsonErrorHandler}). */
  static void securityHeaders(HttpServletResponse res, String path) {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    if (path.startsWith("/api/") || path.equals(WebServer.MCP_ENDPOINT)) {
      res.setHeader("Cache-Control", "no-store");
    }
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    String path = req.getRequestURI() == null ? "/" : req.getRequestURI();
    securityHeaders(res, path);
    boolean mcp = path.equals(WebServer.MCP_ENDPOINT);
    List<String> allowed = mcp ? MCP : READ;
    String method = req.getMethod();
    boolean preflight = cors && "OPTIONS".equals(method) && path.startsWith("/api/");
    if (!allowed.contains(method) && !preflight) {
      res.setHeader("Allow", String.join(", ", allowed));
      JsonErrorHandler.write(res, 405, "method_not_allowed", method + " is not allowed on " + path + "; "
          + (mcp ? "the MCP endpoint answers GET, POST and DELETE" : "this server answers GET only"));
      return;
    }
    chain.doFilter(req, res);
  }
}
