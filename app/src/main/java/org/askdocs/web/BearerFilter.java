package org.askdocs.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Requires {@code Authorization: Bearer <token>} on the MCP endpoint, which is a servlet beside
 * Javalin's routes.
 */
final class BearerFilter extends HttpFilter {
  static final String UNAUTHORIZED =
      "this server requires \"Authorization: Bearer <token>\" (the token given to askdocs serve"
          + " --token)";
  private final String token;

  BearerFilter(String token) {
    this.token = token;
  }

  /**
   * Whether an Authorization header carries the token: the scheme is case-insensitive (RFC 9110,
   * section 11.1), the token is compared in constant time so it cannot be guessed from response
   * times.
   */
  static boolean authorized(@Nullable String header, String token) {
    if (header == null) {
      return false;
    }
    String h = header.strip();
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Bearer")) {
      return false;
    }
    return MessageDigest.isEqual(
        h.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (authorized(req.getHeader("Authorization"), token)) {
      chain.doFilter(req, res);
      return;
    }
    res.setHeader("WWW-Authenticate", "Bearer");
    JsonErrorHandler.write(res, 401, "unauthorized", UNAUTHORIZED);
  }
}
