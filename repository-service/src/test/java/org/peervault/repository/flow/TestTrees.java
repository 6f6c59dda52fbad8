package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Source trees for end-to-end tests, and a byte-for-byte comparison of a restored copy. */
final class TestTrees {
  private TestTrees() {}

  /**
   * {@code smallFiles} files of a few KiB (one chunk each) and one file of {@code bigBytes}
   * (several chunks), random from {@code seed}, under {@code root}.
   */
  static Path random(Path root, int smallFiles, int bigBytes, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(root.resolve("docs"));
    for (int i = 0; i < smallFiles; i++) {
      byte[] data = new byte[2048 + random.nextInt(8192)];
      random.nextBytes(data);
      Files.write(root.resolve("docs/file-" + i + ".bin"), data);
    }
    byte[] big = new byte[bigBytes];
    random.nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    return root;
  }

  /** Asserts that every regular file under {@code expected} is in {@code actual} with the same bytes. */
  static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(expected)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Path copy = actual.resolve(expected.relativize(file).toString());
      assertThat(copy).as("restored %s", copy).isRegularFile();
      assertThat(Files.mismatch(file, copy)).as("bytes of %s", copy).isEqualTo(-1L);
    }
  }
}
