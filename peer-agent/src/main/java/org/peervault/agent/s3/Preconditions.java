package org.peervault.agent.s3;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;

/**
 * The conditional headers of a read (If-Match, If-None-Match, If-Modified-Since,
 * If-Unmodified-Since; RFC 9110 13.2.2 order) and of a copy's source
 * (x-amz-copy-source-if-*), checked against an object.
 */
final class Preconditions {
  private Preconditions() {}

  /**
   * Checks a GET or HEAD's conditions.
   *
   * @throws S3Exception PreconditionFailed (412) or NotModified (304)
   */
  static void checkRead(S3Request request, ObjectInfo info) {
    check(request, "", info, S3Error.NOT_MODIFIED);
  }

  /**
   * Checks a CopyObject's conditions on its source; every failure is a 412.
   *
   * @throws S3Exception PreconditionFailed
   */
  static void checkCopySource(S3Request request, ObjectInfo source) {
    check(request, "x-amz-copy-source-", source, S3Error.PRECONDITION_FAILED);
  }

  private static void check(S3Request request, String prefix, ObjectInfo info,
      S3Error notModified) {
    Optional<String> ifMatch = request.header(prefix + "if-match");
    Optional<String> ifNoneMatch = request.header(prefix + "if-none-match");
    Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch.isPresent()) {
      if (!matches(ifMatch.get(), info.etag())) {
        throw failed(prefix + "If-Match");
      }
    } else {
      Optional<Instant> since = date(request, prefix + "if-unmodified-since");
      if (since.isPresent() && modified.isAfter(since.get())) {
        throw failed(prefix + "If-Unmodified-Since");
      }
    }
    if (ifNoneMatch.isPresent()) {
      if (matches(ifNoneMatch.get(), info.etag())) {
        throw notModified == S3Error.NOT_MODIFIED ? notModified(info)
            : failed(prefix + "If-None-Match");
      }
    } else {
      Optional<Instant> since = date(request, prefix + "if-modified-since");
      if (since.isPresent() && !modified.isAfter(since.get())) {
        throw notModified == S3Error.NOT_MODIFIED ? notModified(info)
            : failed(prefix + "If-Modified-Since");
      }
    }
  }

  /** True when a list of entity tags (or "*") names the ETag. */
  static boolean matches(String header, String etag) {
    String bare = unquote(etag);
    for (String candidate : header.split(",")) {
      String tag = candidate.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || unquote(tag).equals(bare)) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String tag) {
    return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
        ? tag.substring(1, tag.length() - 1) : tag;
  }

  private static Optional<Instant> date(S3Request request, String header) {
    Optional<String> value = request.header(header);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ContentHeaders.HTTP_DATE.parse(value.get().strip(), Instant::from));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
            .parse(value.get().strip(), Instant::from));
      } catch (DateTimeParseException e2) {
        // RFC 9110: a date that does not parse is ignored.
        return Optional.empty();
      }
    }
  }

  private static S3Exception failed(String condition) {
    return S3Error.PRECONDITION_FAILED.exception("At least one of the pre-conditions you "
        + "specified did not hold").with("Condition", condition);
  }

  private static S3Exception notModified(ObjectInfo info) {
    return S3Error.NOT_MODIFIED.exception().with("ETag", ContentHeaders.quote(info.etag()));
  }
}
