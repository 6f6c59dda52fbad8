package org.peervault.agent.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the benchmark's results file: a kind word, then {@code key=value} pairs separated by
 * spaces; a value with spaces is written in double quotes ({@code cpu="AMD EPYC 7B13"}). Lines
 * starting with {@code #} and blank lines are not results.
 *
 * @param kind the first word: {@code run}, {@code machine}, {@code phase}, {@code limit},
 *     {@code repository}, {@code s3}
 * @param values the pairs in file order
 */
public record ResultLine(String kind, Map<String, String> values) {

  /** Parses {@code line}; throws {@link IllegalArgumentException} naming the line when it is malformed. */
  public static ResultLine parse(String line) {
    String text = line.strip();
    int space = text.indexOf(' ');
    String kind = space < 0 ? text : text.substring(0, space);
    if (kind.isEmpty() || kind.contains("=")) {
      throw new IllegalArgumentException("results: line \"" + line + "\" does not start with a kind word");
    }
    Map<String, String> values = new LinkedHashMap<>();
    int i = space < 0 ? text.length() : space + 1;
    while (i < text.length()) {
      if (text.charAt(i) == ' ') {
        i++;
        continue;
      }
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        throw new IllegalArgumentException("results: \"" + text.substring(i) + "\" in line \"" + line
            + "\" is not key=value");
      }
      String key = text.substring(i, eq);
      int end;
      String value;
      if (eq + 1 < text.length() && text.charAt(eq + 1) == '"') {
        end = text.indexOf('"', eq + 2);
        if (end < 0) {
          throw new IllegalArgumentException("results: unclosed quote after " + key + "= in line \"" + line + "\"");
        }
        value = text.substring(eq + 2, end);
        end++;
      } else {
        end = text.indexOf(' ', eq);
        end = end < 0 ? text.length() : end;
        value = text.substring(eq + 1, end);
      }
      if (key.isEmpty() || key.contains(" ")) {
        throw new IllegalArgumentException("results: empty or bad key in line \"" + line + "\"");
      }
      values.put(key, value);
      i = end;
    }
    return new ResultLine(kind, values);
  }

  /** The value of {@code key}; throws naming the key and line when it is missing. */
  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("results: " + kind + " line " + values + " has no " + key + "=");
    }
    return value;
  }

  /** The value of {@code key} as a number, or {@code fallback} when the line has none. */
  public double number(String key, double fallback) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("results: " + key + "=" + value + " in a " + kind + " line is not a number");
    }
  }

  /** Formats a line the way {@link #parse} reads it. */
  public static String format(String kind, Map<String, ?> values) {
    StringBuilder b = new StringBuilder(kind);
    values.forEach((k, v) -> {
      String s = String.valueOf(v);
      b.append(' ').append(k).append('=').append(s.contains(" ") || s.isEmpty() ? '"' + s + '"' : s);
    });
    return b.toString();
  }
}
