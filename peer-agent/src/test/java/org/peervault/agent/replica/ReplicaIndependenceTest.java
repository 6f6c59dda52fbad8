package org.peervault.agent.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Peer tasks handle only sealed chunks: checked on the sources, as for the store and the server. */
class ReplicaIndependenceTest {

  @Test
  void replicaAndServeSourcesNeverImportSealOrCryptography() throws IOException {
    for (String pkg : List.of("replica", "serve")) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(Path.of("src/main/java/org/peervault/agent/" + pkg))) {
        files = walk.filter(p -> p.toString().endsWith(".java")).toList();
      }
      assertThat(files).isNotEmpty();
      for (Path file : files) {
        List<String> code = Files.readAllLines(file).stream().map(String::strip)
            .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
            .toList();
        assertThat(code).as(file.toString())
            .noneMatch(line -> line.contains("org.peervault.agent.seal"))
            .noneMatch(line -> line.contains("javax.crypto"));
      }
    }
  }
}
