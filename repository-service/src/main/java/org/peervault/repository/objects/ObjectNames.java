package org.peervault.repository.objects;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules names and headers follow (S3's), checked before anything is stored: bucket names,
 * object keys, ETags, part numbers, content headers and user metadata.
 */
final class ObjectNames {
  /** Longest key, in bytes of UTF-8. */
  static final int MAX_KEY_BYTES = 1024;
  /** Most bytes of user metadata names and values together (S3's limit). */
  static final int MAX_METADATA_BYTES = 2048;
  /** Largest object (S3's limit: 5 TiB). */
  static final long MAX_OBJECT_BYTES = 5L << 40;
  /** Highest part number. */
  static final int MAX_PART_NUMBER = 10_000;
  /** Smallest part except the last, in bytes (S3's limit: 5 MiB). */
  static final long MIN_PART_BYTES = 5L << 20;
  static final Set<String> CONTENT_HEADERS = Set.of("Content-Encoding", "Content-Disposition",
      "Content-Language", "Cache-Control", "Expires");

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern METADATA_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]{1,128}");
  private static final Pattern ETAG = Pattern.compile("[0-9a-f]{32}");
  private static final int MAX_HEADER_VALUE_CHARS = 1024;

  private ObjectNames() {}

  /** Checks S3's bucket naming rules. */
  static String bucket(String name) {
    String n = name == null ? "" : name;
    String problem = null;
    if (!BUCKET.matcher(n).matches()) {
      problem = "3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a"
          + " letter or digit";
    } else if (n.contains("..") || n.contains(".-") || n.contains("-.")) {
      problem = "no two dots, or a dot and a hyphen, next to each other";
    } else if (IP.matcher(n).matches()) {
      problem = "not formatted as an IP address";
    } else if (n.startsWith("xn--") || n.endsWith("-s3alias") || n.endsWith("--ol-s3")) {
      problem = "not starting with xn-- nor ending with -s3alias or --ol-s3";
    }
    if (problem != null) {
      throw ObjectErrors.invalid("invalid-bucket-name", "bucket name "
          + ObjectErrors.quote(n) + " is not valid: it must have " + problem);
    }
    return n;
  }

  /** Checks an object key: 1 to 1024 bytes of UTF-8, no NUL, no lone surrogate. */
  static String key(String key) {
    String k = key == null ? "" : key;
    if (k.isEmpty() || k.indexOf('\0') >= 0 || !encodable(k)) {
      throw ObjectErrors.invalid("invalid-argument", "object key " + ObjectErrors.quote(k)
          + " must be 1 to " + MAX_KEY_BYTES + " bytes of UTF-8 without NUL");
    }
    if (k.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw ObjectErrors.invalid("key-too-long-error", "object key is longer than "
          + MAX_KEY_BYTES + " bytes of UTF-8");
    }
    return k;
  }

  /** Checks a hex MD5 and returns it lower-case without quotes. */
  static String etag(String etag) {
    String e = etag == null ? "" : etag.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
    if (!ETAG.matcher(e).matches()) {
      throw ObjectErrors.invalid("invalid-argument", "ETag " + ObjectErrors.quote(etag)
          + " is not a hex MD5 (32 hex digits)");
    }
    return e;
  }

  /** Checks a part number: 1 to 10000. */
  static int partNumber(int partNumber) {
    if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw ObjectErrors.invalid("invalid-argument", "part number " + partNumber
          + " is not between 1 and " + MAX_PART_NUMBER);
    }
    return partNumber;
  }

  /** Checks an object size: 0 to 5 TiB. */
  static long size(long sizeBytes) {
    if (sizeBytes < 0) {
      throw ObjectErrors.invalid("invalid-argument", "size " + sizeBytes + " is negative");
    }
    if (sizeBytes > MAX_OBJECT_BYTES) {
      throw ObjectErrors.invalid("entity-too-large", "objects are at most 5 TiB, this one has "
          + sizeBytes + " bytes");
    }
    return sizeBytes;
  }

  /** Checks content headers and user metadata. */
  static ObjectHeaders headers(ObjectHeaders h) {
    headerValue("Content-Type", h.contentType());
    for (Map.Entry<String, String> e : h.contentHeaders().entrySet()) {
      if (!CONTENT_HEADERS.contains(e.getKey())) {
        throw ObjectErrors.invalid("invalid-argument", "content header "
            + ObjectErrors.quote(e.getKey()) + " is not stored; stored ones: " + CONTENT_HEADERS);
      }
      headerValue(e.getKey(), e.getValue());
    }
    int bytes = 0;
    for (Map.Entry<String, String> e : h.userMetadata().entrySet()) {
      if (!METADATA_NAME.matcher(e.getKey()).matches()) {
        throw ObjectErrors.invalid("invalid-argument", "metadata name "
            + ObjectErrors.quote(e.getKey()) + " must be a lower-case HTTP token");
      }
      headerValue("x-amz-meta-" + e.getKey(), e.getValue());
      bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
          + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_METADATA_BYTES) {
      throw ObjectErrors.invalid("metadata-too-large", "user metadata has " + bytes
          + " bytes; at most " + MAX_METADATA_BYTES + " bytes of names and values are allowed");
    }
    return h;
  }

  /** The ETag of a multipart object: MD5 of the parts' binary MD5s, then "-" and the count. */
  static String multipartEtag(java.util.List<String> partEtags) {
    try {
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      partEtags.forEach(e -> md5.update(HexFormat.of().parseHex(e)));
      return HexFormat.of().formatHex(md5.digest()) + "-" + partEtags.size();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is unavailable in this JVM", e);
    }
  }

  private static void headerValue(String name, String value) {
    if (value.length() > MAX_HEADER_VALUE_CHARS
        || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
      throw ObjectErrors.invalid("invalid-argument", "header " + name + " must have at most "
          + MAX_HEADER_VALUE_CHARS + " characters and no control characters");
    }
  }

  private static boolean encodable(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }
}
