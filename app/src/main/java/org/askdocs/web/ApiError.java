package org.askdocs.web;

/**
 * A request the API refuses, with the HTTP status, a stable code programs can test and a message
 * for people that says what was wrong and what is allowed.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The JSON body of every error: {@code {"error": code, "message": message}}. */
  record Body(String error, String message) {}

  Body body() {
    return new Body(code, getMessage());
  }
}
