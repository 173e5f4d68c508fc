package org.askdocs.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The first thing every request meets, whichever servlet answers it (Javalin's routes or the MCP
 * endpoint): the same security headers on every reply, and only the methods a route needs. The MCP
 * endpoint takes GET, POST and DELETE; elsewhere TRACE, CONNECT and unknown methods are refused
 * here with a JSON 405 before anything could echo a header back, and Javalin answers the other
 * methods its routes do not take with its own JSON 405 (having read the body, so the client sees
 * the reply). Stateless and thread-safe.
 */
final class HttpGuard extends HttpFilter {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src"
          + " 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action"
          + " 'self'";

  /** The headers every reply carries. */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy", CSP,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "X-Frame-Options", "DENY",
          "Cross-Origin-Resource-Policy", "same-origin");

  private static final List<String> READ = List.of("GET", "HEAD");
  private static final List<String> MCP = List.of("GET", "POST", "DELETE");

  /** Methods passed on to Javalin, which refuses those a route does not take. */
  private static final List<String> ROUTED =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /**
   * The headers every reply carries, errors included (Jetty's own error pages get them from {@link
   * JsonErrorHandler}).
   */
  static void securityHeaders(HttpServletResponse res, String path) {
    SECURITY_HEADERS.forEach(res::setHeader);
    if (path.startsWith("/api/") || path.equals(WebServer.MCP_ENDPOINT)) {
      res.setHeader("Cache-Control", "no-store");
    }
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI() == null ? "/" : req.getRequestURI();
    securityHeaders(res, path);
    boolean mcp = path.equals(WebServer.MCP_ENDPOINT);
    String method = req.getMethod();
    if (!(mcp ? MCP : ROUTED).contains(method)) {
      List<String> allowed = mcp ? MCP : READ;
      res.setHeader("Allow", String.join(", ", allowed));
      JsonErrorHandler.write(
          res,
          405,
          "method_not_allowed",
          method
              + " is not allowed on "
              + WebServer.abbreviate(path)
              + "; "
              + (mcp
                  ? "the MCP endpoint answers GET, POST and DELETE"
                  : "this server answers GET only"));
      return;
    }
    chain.doFilter(req, res);
  }
}
