package org.askdocs.mcp;

import java.util.Map;

/** Tool arguments as a model sends them, checked, with a message saying what is allowed. */
final class Arguments {
  private Arguments() {}

  static String string(Map<String, Object> args, String name, int min, int max) {
    Object v = args.get(name);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(
          "\"" + name + "\" is required and must be a non-empty string");
    }
    if (s.length() < min || s.length() > max) {
      throw new IllegalArgumentException(
          "\"" + name + "\" must be " + min + " to " + max + " characters long, got " + s.length());
    }
    return s;
  }

  static int integer(Map<String, Object> args, String name, int min, int max, int fallback) {
    Object v = args.get(name);
    if (v == null) {
      return fallback;
    }
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (v instanceof String s && s.strip().matches("-?\\d{1,10}")) {
      n = Long.parseLong(s.strip());
    } else {
      throw new IllegalArgumentException(
          "\"" + name + "\" must be a whole number from " + min + " to " + max + ", got " + v);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          "\"" + name + "\" must be from " + min + " to " + max + ", got " + n);
    }
    return (int) n;
  }
}
