package org.peervault.agent.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkIdTest {

  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void ofHashesTheSealedBytesWithSha256() {
    ChunkId id = ChunkId.of("abc".getBytes(StandardCharsets.US_ASCII));

    assertThat(id.hex()).isEqualTo(ABC_SHA256);
    assertThat(id).hasToString(ABC_SHA256);
    assertThat(id.shortId()).isEqualTo("ba7816bf8f01");
    assertThat(id.bytes()).isEqualTo(Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void parseAcceptsCanonicalHexAndEqualsTheRecord() {
    assertThat(ChunkId.parse(ABC_SHA256)).isEqualTo(new ChunkId(ABC_SHA256));
  }

  @Test
  void parseRefusesWrongLength() {
    assertThatThrownBy(() -> ChunkId.parse("abcd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"abcd\" has 4 characters")
        .hasMessageContaining("64 lowercase hex");
  }

  @Test
  void parseRefusesUppercaseAndNonHex() {
    assertThatThrownBy(() -> ChunkId.parse(ABC_SHA256.toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'B' at index 0");
    assertThatThrownBy(() -> ChunkId.parse("../" + ABC_SHA256.substring(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'.' at index 0");
  }

  @Test
  void parseRefusesNull() {
    assertThatThrownBy(() -> ChunkId.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
