package org.peervault.agent.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object on one line, for {@code --json} output: built field by field, strings escaped
 * per RFC 8259. Not thread-safe.
 */
final class JsonLine {
  private final Map<String, String> fields = new LinkedHashMap<>();

  /** A line whose first field is {@code "event": event}. */
  static JsonLine event(String event) {
    return new JsonLine().put("event", event);
  }

  JsonLine put(String name, String value) {
    fields.put(name, quote(value));
    return this;
  }

  JsonLine put(String name, long value) {
    fields.put(name, Long.toString(value));
    return this;
  }

  JsonLine put(String name, double value) {
    return put(name, value, 1);
  }

  /** A number with {@code decimals} digits after the point (probabilities need more than one). */
  JsonLine put(String name, double value, int decimals) {
    fields.put(name, String.format(Locale.ROOT, "%." + decimals + "f", value));
    return this;
  }

  JsonLine put(String name, boolean value) {
    fields.put(name, Boolean.toString(value));
    return this;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    fields.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append(quote(name)).append(':').append(value));
    return out.append('}').toString();
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
