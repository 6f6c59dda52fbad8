package org.peervault.agent.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static final int MIB = 1024 * 1024;
  private static final Chunker DEFAULT = new Chunker(ChunkerParams.defaults());
  private static final Chunker SMALL = new Chunker(new ChunkerParams(1024, 4096, 16384));

  @Test
  void emptyInputYieldsNoChunk() throws IOException {
    assertThat(chunks(DEFAULT, new ByteArrayInputStream(new byte[0]))).isEmpty();
  }

  @Test
  void inputShorterThanMinimumIsOneChunk() throws IOException {
    byte[] data = RandomInputStream.bytes(1, 1000);

    List<Chunk> chunks = chunks(SMALL, new ByteArrayInputStream(data));

    assertThat(chunks).containsExactly(new Chunk(0, data));
  }

  @Test
  void boundariesAreDeterministic() throws IOException {
    byte[] data = RandomInputStream.bytes(2, 3 * MIB);

    assertThat(offsets(chunks(SMALL, new ByteArrayInputStream(data))))
        .isEqualTo(offsets(chunks(SMALL, new ByteArrayInputStream(data))));
  }

  @Test
  void boundariesMatchThePinnedFormat() throws IOException {
    // The gear table, masks and cut rule are part of the backup format: a change here loses
    // deduplication against every existing backup. Update these values only on purpose.
    byte[] data = RandomInputStream.bytes(42, 64 * 1024);

    List<Long> offsets = offsets(chunks(SMALL, new ByteArrayInputStream(data)));

    assertThat(offsets).containsExactly(GOLDEN_OFFSETS);
    assertThat(Long.toHexString(GearTable.gear()[0])).isEqualTo(GOLDEN_GEAR_0);
  }

  private static final Long[] GOLDEN_OFFSETS = {
      0L, 5699L, 10803L, 15552L, 19708L, 24435L, 29296L, 33051L, 37202L, 41435L, 45632L, 51591L,
      55692L, 62978L};
  private static final String GOLDEN_GEAR_0 = "c08c39b13743e3c";

  @Test
  void everyChunkButTheLastIsWithinBounds() throws IOException {
    ChunkerParams params = ChunkerParams.defaults();
    List<Chunk> chunks = chunks(DEFAULT, new RandomInputStream(3, 30L * MIB + 12345));

    assertThat(chunks).hasSizeGreaterThan(10);
    for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.length()).isBetween(params.minBytes(), params.maxBytes());
    }
    assertThat(chunks.get(chunks.size() - 1).length()).isBetween(1, params.maxBytes());
  }

  @Test
  void concatenationReproducesTheInput() throws IOException {
    byte[] data = RandomInputStream.bytes(4, 9 * MIB + 777);
    ByteArrayOutputStream joined = new ByteArrayOutputStream(data.length);
    long expectedOffset = 0;

    for (Chunk chunk : chunks(DEFAULT, new ByteArrayInputStream(data))) {
      assertThat(chunk.offset()).isEqualTo(expectedOffset);
      joined.write(chunk.data());
      expectedOffset = chunk.end();
    }

    assertThat(joined.toByteArray()).isEqualTo(data);
  }

  @Test
  void zeroFilledInputIsCutAtLegalSizes() throws IOException {
    byte[] data = new byte[10 * MIB];

    List<Chunk> chunks = chunks(DEFAULT, new ByteArrayInputStream(data));

    assertThat(chunks.stream().mapToLong(Chunk::length).sum()).isEqualTo(data.length);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(4 * MIB));
  }

  @Test
  void insertingBytesNearTheStartChangesAtMostThreeChunks() throws IOException {
    byte[] original = RandomInputStream.bytes(5, 20 * MIB);
    byte[] edited = new byte[original.length + 5];
    int at = 1000;
    System.arraycopy(original, 0, edited, 0, at);
    System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, edited, at, 5);
    System.arraycopy(original, at, edited, at + 5, original.length - at);

    Set<String> before = chunkHashes(chunks(DEFAULT, new ByteArrayInputStream(original)));
    Set<String> after = chunkHashes(chunks(DEFAULT, new ByteArrayInputStream(edited)));

    Set<String> changed = new HashSet<>(after);
    changed.removeAll(before);
    assertThat(before).hasSizeGreaterThan(10);
    assertThat(changed).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void averageChunkSizeOnRandomDataIsNearTheTarget() throws IOException {
    long length = 96L * MIB;
    int count = 0;
    try (ChunkStream stream = DEFAULT.split(new RandomInputStream(6, length))) {
      while (stream.next() != null) {
        count++;
      }
    }

    double averageMiB = (double) length / count / MIB;
    assertThat(averageMiB).isBetween(0.75, 1.35);
  }

  @Test
  void tinyReadsGiveTheSameBoundaries() throws IOException {
    byte[] data = RandomInputStream.bytes(8, 12 * MIB);

    List<Chunk> whole = chunks(DEFAULT, new ByteArrayInputStream(data));
    List<Chunk> tiny = chunks(DEFAULT, new TinyReadsInputStream(new ByteArrayInputStream(data)));

    assertThat(offsets(tiny)).isEqualTo(offsets(whole)).hasSizeGreaterThan(5);
    assertThat(tiny).isEqualTo(whole);
  }

  @Test
  void closingTheStreamClosesTheInput() throws IOException {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(new byte[10]) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    DEFAULT.split(in).close();

    assertThat(closed[0]).isTrue();
  }

  @Test
  void expectedSizeChangesNoBoundaryEvenWhenWrong() throws IOException {
    byte[] data = RandomInputStream.bytes(6, 11 * MIB + 321);
    List<Long> reference = offsets(chunks(DEFAULT, new ByteArrayInputStream(data)));
    for (long expected : new long[] {0, 1000, data.length - 1, data.length, 2L * data.length, Long.MAX_VALUE}) {
      List<Chunk> chunks = chunks(DEFAULT.split(new ByteArrayInputStream(data), expected));
      assertThat(offsets(chunks)).as("expected size %d", expected).isEqualTo(reference);
      assertThat(chunks.stream().mapToLong(c -> c.data().length).sum()).isEqualTo(data.length);
    }
  }

  private static List<Chunk> chunks(Chunker chunker, InputStream in) throws IOException {
    return chunks(chunker.split(in));
  }

  private static List<Chunk> chunks(ChunkStream split) throws IOException {
    List<Chunk> chunks = new ArrayList<>();
    try (ChunkStream stream = split) {
      for (Chunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
        chunks.add(chunk);
      }
    }
    return chunks;
  }

  private static List<Long> offsets(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::offset).toList();
  }

  private static Set<String> chunkHashes(List<Chunk> chunks) {
    Set<String> hashes = new HashSet<>();
    for (Chunk chunk : chunks) {
      hashes.add(HexFormat.of().formatHex(Hashes.sha256(chunk.data())));
    }
    return hashes;
  }
}
