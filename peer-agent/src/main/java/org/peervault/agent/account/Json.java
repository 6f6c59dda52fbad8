package org.peervault.agent.account;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the top-level members of a JSON object (the answers of OIDC endpoints): strings, numbers,
 * booleans and null as Java values; nested objects and arrays are skipped. Not a general parser.
 */
final class Json {
  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** The top-level members of {@code text}, which must be a JSON object. */
  static Map<String, Object> object(String text) {
    Json j = new Json(text);
    Map<String, Object> result = new HashMap<>();
    j.skipSpace();
    j.expect('{');
    j.skipSpace();
    if (j.peek() == '}') {
      return result;
    }
    while (true) {
      j.skipSpace();
      String key = j.string();
      j.skipSpace();
      j.expect(':');
      j.skipSpace();
      result.put(key, j.value());
      j.skipSpace();
      char c = j.next();
      if (c == '}') {
        return result;
      }
      if (c != ',') {
        throw new IllegalArgumentException("JSON: expected , or } at " + (j.at - 1));
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{' || c == '[') {
      skipNested();
      return null;
    }
    int start = at;
    while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
      at++;
    }
    String literal = text.substring(start, at);
    return switch (literal) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      case "null" -> null;
      default -> Double.parseDouble(literal);
    };
  }

  private void skipNested() {
    int depth = 0;
    do {
      char c = peek();
      if (c == '"') {
        string();
        continue;
      }
      at++;
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    } while (depth > 0);
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> b.append(e);
      }
    }
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw new IllegalArgumentException("JSON: unexpected end");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("JSON: expected " + c + " at " + (at - 1));
    }
  }
}
