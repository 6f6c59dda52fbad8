package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peervault.agent.objects.ObjectStore.ObjectHeaders;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import org.peervault.agent.s3.sigv4.SignedRequest;

class PreconditionsTest {
  private static final Instant MODIFIED = Instant.parse("2026-03-04T05:06:07.890Z");
  private static final ObjectInfo INFO = new ObjectInfo("k", 3, "abc123", MODIFIED,
      new ObjectHeaders("text/plain", Map.of(), Map.of()));
  private static final String BEFORE = "Wed, 04 Mar 2026 05:06:06 GMT";
  private static final String SAME = "Wed, 04 Mar 2026 05:06:07 GMT";
  private static final String AFTER = "Wed, 04 Mar 2026 05:06:08 GMT";

  private static S3Request request(String... headerPairs) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
    }
    return new S3Request("id", "GET", "b", "k", Map.of(),
        new SignedRequest("GET", "/b/k", "", headers));
  }

  private static S3Error readError(String... headers) {
    S3Exception e = catchThrowableOfType(S3Exception.class,
        () -> Preconditions.checkRead(request(headers), INFO));
    return e == null ? null : e.error();
  }

  @Test
  void ifMatchAndIfUnmodifiedSince() {
    assertThat(readError("if-match", "\"abc123\"")).isNull();
    assertThat(readError("if-match", "\"x\", \"abc123\"")).isNull();
    assertThat(readError("if-match", "*")).isNull();
    assertThat(readError("if-match", "\"other\"")).isEqualTo(S3Error.PRECONDITION_FAILED);
    assertThat(readError("if-unmodified-since", SAME)).isNull();
    assertThat(readError("if-unmodified-since", BEFORE))
        .isEqualTo(S3Error.PRECONDITION_FAILED);
    // If-Match decides: a failing If-Unmodified-Since is ignored when If-Match holds.
    assertThat(readError("if-match", "\"abc123\"", "if-unmodified-since", BEFORE)).isNull();
  }

  @Test
  void ifNoneMatchAndIfModifiedSince() {
    assertThat(readError("if-none-match", "\"abc123\"")).isEqualTo(S3Error.NOT_MODIFIED);
    assertThat(readError("if-none-match", "W/\"abc123\"")).isEqualTo(S3Error.NOT_MODIFIED);
    assertThat(readError("if-none-match", "\"other\"")).isNull();
    assertThat(readError("if-modified-since", SAME)).isEqualTo(S3Error.NOT_MODIFIED);
    assertThat(readError("if-modified-since", AFTER)).isEqualTo(S3Error.NOT_MODIFIED);
    assertThat(readError("if-modified-since", BEFORE)).isNull();
    assertThat(readError("if-none-match", "\"other\"", "if-modified-since", AFTER)).isNull();
    assertThat(readError("if-modified-since", "not a date")).isNull();
  }

  @Test
  void copySourceConditionsFailWith412Only() {
    assertThatCode(() -> Preconditions.checkCopySource(request(
        "x-amz-copy-source-if-match", "abc123"), INFO)).doesNotThrowAnyException();
    for (String[] headers : new String[][] {{"x-amz-copy-source-if-none-match", "abc123"},
        {"x-amz-copy-source-if-modified-since", AFTER},
        {"x-amz-copy-source-if-match", "nope"},
        {"x-amz-copy-source-if-unmodified-since", BEFORE}}) {
      S3Exception e = catchThrowableOfType(S3Exception.class,
          () -> Preconditions.checkCopySource(request(headers), INFO));
      assertThat(e.error()).as(headers[0]).isEqualTo(S3Error.PRECONDITION_FAILED);
    }
  }
}
