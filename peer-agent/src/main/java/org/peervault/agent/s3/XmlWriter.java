package org.peervault.agent.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the small XML documents S3 answers with (at most a listing page), escaping text.
 * Not thread-safe.
 */
final class XmlWriter {
  static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final StringBuilder out = new StringBuilder(512);
  private final Deque<String> open = new ArrayDeque<>();

  private XmlWriter() {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** A document whose root element is in S3's namespace. */
  static XmlWriter document(String root) {
    XmlWriter writer = new XmlWriter();
    writer.out.append('<').append(root).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
    writer.open.push(root);
    return writer;
  }

  /** A document whose root has no namespace (S3's error bodies). */
  static XmlWriter plainDocument(String root) {
    XmlWriter writer = new XmlWriter();
    writer.start(root);
    return writer;
  }

  XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  XmlWriter end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  XmlWriter element(String name, String text) {
    out.append('<').append(name).append('>');
    escape(text);
    out.append("</").append(name).append('>');
    return this;
  }

  XmlWriter element(String name, long value) {
    return element(name, Long.toString(value));
  }

  XmlWriter element(String name, boolean value) {
    return element(name, Boolean.toString(value));
  }

  /** An ISO-8601 time with milliseconds, as S3 lists them. */
  XmlWriter element(String name, Instant time) {
    return element(name, time.truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst(
        "(\\d{2}:\\d{2}:\\d{2})Z$", "$1.000Z"));
  }

  /** Text inside the innermost open element. */
  XmlWriter text(String text) {
    escape(text);
    return this;
  }

  /** An element only when the text is not null. */
  XmlWriter optional(String name, String text) {
    return text == null ? this : element(name, text);
  }

  /** The document, with every element closed. */
  byte[] toBytes() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#13;");
        case '\n' -> out.append("&#10;");
        case '\t' -> out.append("&#9;");
        default -> {
          if (c < 0x20) {
            out.append("&#").append((int) c).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
