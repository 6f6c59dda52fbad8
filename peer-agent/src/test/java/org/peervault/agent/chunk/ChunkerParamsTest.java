package org.peervault.agent.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkerParamsTest {

  @Test
  void defaultsAre256KiBOneMiBFourMiB() {
    assertThat(ChunkerParams.defaults())
        .isEqualTo(new ChunkerParams(256 * 1024, 1024 * 1024, 4 * 1024 * 1024));
  }

  @Test
  void refusesUnorderedSizes() {
    assertThatThrownBy(() -> new ChunkerParams(1024, 1024, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minBytes < avgBytes < maxBytes")
        .hasMessageContaining("min=1024 avg=1024 max=4096");
    assertThatThrownBy(() -> new ChunkerParams(64, 4096, 4096))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAverageThatIsNotAPowerOfTwo() {
    assertThatThrownBy(() -> new ChunkerParams(64, 1000, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two");
  }

  @Test
  void refusesNonPositiveMinAndHugeMax() {
    assertThatThrownBy(() -> new ChunkerParams(0, 1024, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new ChunkerParams(1024, 4096, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
  }
}
