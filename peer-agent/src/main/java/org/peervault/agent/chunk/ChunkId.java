package org.peervault.agent.chunk;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The identity of a sealed chunk: the SHA-256 of its ciphertext (the sealed bytes, header
 * included), as 64 lowercase hex characters. One canonical spelling, so ids compare as strings
 * and can name files. Immutable and thread-safe.
 *
 * @param hex 64 lowercase hex characters
 */
public record ChunkId(String hex) {

  /** Length of {@link #hex()} in characters (a SHA-256 in hex). */
  public static final int HEX_LENGTH = 64;

  private static final int SHORT_LENGTH = 12;

  /**
   * Checks that {@code hex} is 64 lowercase hex characters.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public ChunkId {
    Objects.requireNonNull(hex, "chunk id is null");
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException("chunk id \"" + abbreviate(hex) + "\" has " + hex.length()
          + " characters; a chunk id is " + HEX_LENGTH + " lowercase hex characters (SHA-256)");
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        throw new IllegalArgumentException("chunk id \"" + hex + "\" has '" + c + "' at index " + i
            + "; a chunk id is " + HEX_LENGTH + " lowercase hex characters (SHA-256)");
      }
    }
  }

  /**
   * Parses a chunk id received as text (strict: lowercase hex only, no whitespace).
   *
   * @throws IllegalArgumentException when {@code text} is not a chunk id
   */
  public static ChunkId parse(String text) {
    return new ChunkId(text);
  }

  /** The id of the given sealed bytes: their SHA-256. */
  public static ChunkId of(byte[] sealedBytes) {
    return new ChunkId(HexFormat.of().formatHex(Hashes.sha256(sealedBytes)));
  }

  /** The id whose 32 raw hash bytes start at {@code offset} of {@code bytes}. */
  public static ChunkId fromBytes(byte[] bytes, int offset) {
    return new ChunkId(HexFormat.of().formatHex(bytes, offset, offset + 32));
  }

  /** The first 12 hex characters, for logs ({@code chunk=3fa4c2d10b9e}). */
  public String shortId() {
    return hex.substring(0, SHORT_LENGTH);
  }

  /** The 32 raw bytes of the hash. */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
