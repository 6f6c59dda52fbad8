package org.peervault.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void parsesBinaryUnits() {
    assertThat(ByteSize.parse("512")).isEqualTo(512);
    assertThat(ByteSize.parse("64KiB")).isEqualTo(64 * 1024);
    assertThat(ByteSize.parse("10GiB")).isEqualTo(10L << 30);
    assertThat(ByteSize.parse("1.5g")).isEqualTo(3L << 29);
    assertThat(ByteSize.parse(" 2 MB ")).isEqualTo(2L << 20);
  }

  @Test
  void refusesWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("not a size: \"lots\"");
    assertThatThrownBy(() -> ByteSize.parse("-1GiB")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsShort() {
    assertThat(ByteSize.format(100)).isEqualTo("100 B");
    assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSize.format(10L << 30)).isEqualTo("10.0 GiB");
  }
}
