package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  private static ByteRange range(String header, long size) {
    return ByteRange.parse(Optional.of(header), size).orElseThrow();
  }

  @Test
  void closedOpenAndSuffixRanges() {
    assertThat(range("bytes=0-0", 10)).isEqualTo(new ByteRange(0, 1, 10));
    assertThat(range("bytes=2-5", 10)).isEqualTo(new ByteRange(2, 4, 10));
    assertThat(range("bytes=7-", 10)).isEqualTo(new ByteRange(7, 3, 10));
    assertThat(range("bytes=-3", 10)).isEqualTo(new ByteRange(7, 3, 10));
    assertThat(range("bytes=-30", 10)).isEqualTo(new ByteRange(0, 10, 10));
    assertThat(range("bytes=5-999", 10)).isEqualTo(new ByteRange(5, 5, 10));
    assertThat(range("bytes=2-5", 10).contentRange()).isEqualTo("bytes 2-5/10");
  }

  @Test
  void rangesS3IgnoresServeTheWholeObject() {
    for (String header : new String[] {"bytes=5-2", "bytes=0-1,4-5", "items=0-1", "bytes=-",
        "bytes=a-b", "bytes=99999999999999999999-"}) {
      assertThat(ByteRange.parse(Optional.of(header), 10)).as(header).isEmpty();
    }
    assertThat(ByteRange.parse(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void unsatisfiableRangesAreInvalidRange() {
    for (String header : new String[] {"bytes=10-", "bytes=10-20", "bytes=-0"}) {
      S3Exception e = catchThrowableOfType(S3Exception.class, () -> range(header, 10));
      assertThat(e.error()).as(header).isEqualTo(S3Error.INVALID_RANGE);
      assertThat(e.details()).containsEntry("ActualObjectSize", "10");
    }
    S3Exception empty = catchThrowableOfType(S3Exception.class, () -> range("bytes=0-", 0));
    assertThat(empty.error()).isEqualTo(S3Error.INVALID_RANGE);
  }
}
