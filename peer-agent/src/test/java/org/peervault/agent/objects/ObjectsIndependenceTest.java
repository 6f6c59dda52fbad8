package org.peervault.agent.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The object domain knows no protocol: checked on the sources. */
class ObjectsIndependenceTest {

  @Test
  void objectSourcesNeverImportTheS3Gateway() throws IOException {
    Path sources = Path.of("src/main/java/org/peervault/agent/objects");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }

    assertThat(files).isNotEmpty();
    for (Path file : files) {
      List<String> code = Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
          .toList();
      assertThat(code)
          .as(file.toString())
          .noneMatch(line -> line.contains("org.peervault.agent.s3"))
          .noneMatch(line -> line.contains("org.eclipse.jetty"));
    }
  }
}
