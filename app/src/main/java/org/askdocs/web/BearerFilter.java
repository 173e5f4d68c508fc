package org.askdocs.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Requires {@code Authorization: Bearer <token>} on the MCP endpoint, which is a servlet beside Javalin's routes. */
final class BearerFilter extends HttpFilter {
  private final String token;

  BearerFilter(String token) {
    this.token = token;
  }

  /** Constant-time comparison, so the token cannot be guessed from response times. */
  static boolean authorized(String header, String token) {
    String expected = "Bearer " + token;
    return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (authorized(req.getHeader("Authorization"), token)) {
      chain.doFilter(req, res);
      return;
    }
    res.setStatus(401);
    res.setContentType("application/json");
    res.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"this server requires \\\"Authorization: Bearer <token>\\\"\"}");
  }
}
