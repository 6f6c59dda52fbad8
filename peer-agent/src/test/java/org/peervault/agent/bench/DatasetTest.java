package org.peervault.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  private static final long BYTES = 4L << 20;

  @Test
  void sameSeedSameBytesWithEveryKindOfFile(@TempDir Path dir) throws Exception {
    long written = Dataset.generate(dir.resolve("a"), BYTES, 7);
    Dataset.generate(dir.resolve("b"), BYTES, 7);
    Map<String, String> a = digests(dir.resolve("a"));
    assertThat(a).isEqualTo(digests(dir.resolve("b")));
    assertThat(written).isBetween(BYTES * 9 / 10, BYTES * 11 / 10);
    assertThat(a.keySet()).anyMatch(p -> p.endsWith(".java")).anyMatch(p -> p.endsWith(".bin"))
        .anyMatch(p -> p.endsWith(".log")).anyMatch(p -> p.startsWith("copies/"));
    // duplicates really are duplicates
    assertThat(a.get("copies/recording-3.bin")).isEqualTo(a.get("media/recording-3.bin"));
    assertThat(digests(dir.resolve("a"))).isNotEqualTo(digests(generated(dir.resolve("c"), 8)));
  }

  @Test
  void editChangesAboutTheShareAsked(@TempDir Path dir) throws Exception {
    Path data = generated(dir.resolve("d"), 7);
    Map<String, String> before = digests(data);
    long[] edited = Dataset.edit(data, 20, 3);
    Map<String, String> after = digests(data);
    long changed = before.keySet().stream().filter(p -> !before.get(p).equals(after.get(p))).count();
    assertThat(changed).isEqualTo(edited[0]).isBetween(before.size() * 10L / 100, before.size() * 30L / 100);
    assertThatThrownBy(() -> Dataset.edit(data, 101, 3)).hasMessageContaining("percent must be 0..100");
    assertThatThrownBy(() -> Dataset.generate(data, BYTES, 7)).hasMessageContaining("exists");
  }

  private static Path generated(Path dir, long seed) throws IOException {
    Dataset.generate(dir, BYTES, seed);
    return dir;
  }

  private static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }
}
