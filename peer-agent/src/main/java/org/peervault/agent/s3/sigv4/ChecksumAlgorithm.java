package org.peervault.agent.s3.sigv4;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The body checksums S3 clients send in x-amz-checksum-* headers and trailers (base64 of the
 * big-endian value), and Content-MD5.
 */
public enum ChecksumAlgorithm {
  CRC32("x-amz-checksum-crc32", 4),
  CRC32C("x-amz-checksum-crc32c", 4),
  SHA1("x-amz-checksum-sha1", 20),
  SHA256("x-amz-checksum-sha256", 32),
  MD5("content-md5", 16);

  private final String header;
  private final int lengthBytes;

  ChecksumAlgorithm(String header, int lengthBytes) {
    this.header = header;
    this.lengthBytes = lengthBytes;
  }

  /** The lower-case header (or trailer) name carrying this checksum. */
  public String header() {
    return header;
  }

  /** The length of the checksum value in bytes. */
  public int lengthBytes() {
    return lengthBytes;
  }

  /** The algorithm of an x-amz-checksum-* name, if supported. */
  public static Optional<ChecksumAlgorithm> ofHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (ChecksumAlgorithm algorithm : values()) {
      if (algorithm.header.equals(lower)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** A fresh running computation. */
  public Hasher newHasher() {
    return switch (this) {
      case CRC32 -> new CrcHasher(new CRC32());
      case CRC32C -> new CrcHasher(new CRC32C());
      case SHA1 -> new DigestHasher(SigV4.digest("SHA-1"));
      case SHA256 -> new DigestHasher(SigV4.digest("SHA-256"));
      case MD5 -> new DigestHasher(SigV4.digest("MD5"));
    };
  }

  /** A running checksum computation. */
  public interface Hasher {
    void update(byte[] bytes, int offset, int length);

    /** The value, as sent on the wire before base64. */
    byte[] result();
  }

  private record CrcHasher(Checksum crc) implements Hasher {
    @Override
    public void update(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
    }

    @Override
    public byte[] result() {
      return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }
  }

  private record DigestHasher(MessageDigest digest) implements Hasher {
    @Override
    public void update(byte[] bytes, int offset, int length) {
      digest.update(bytes, offset, length);
    }

    @Override
    public byte[] result() {
      return digest.digest();
    }
  }
}
