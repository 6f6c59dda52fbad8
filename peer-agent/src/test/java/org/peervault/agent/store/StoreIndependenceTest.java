package org.peervault.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The peer side cannot read what it holds: by construction, checked on the sources. */
class StoreIndependenceTest {

  @Test
  void storeSourcesNeverImportSealOrCryptography() throws IOException {
    Path sources = Path.of("src/main/java/org/peervault/agent/store");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }

    assertThat(files).isNotEmpty();
    for (Path file : files) {
      // Code lines only: the Javadoc may name the rule it keeps.
      List<String> code = Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
          .toList();
      assertThat(code)
          .as(file.toString())
          .noneMatch(line -> line.contains("org.peervault.agent.seal"))
          .noneMatch(line -> line.contains("javax.crypto"));
    }
  }
}
