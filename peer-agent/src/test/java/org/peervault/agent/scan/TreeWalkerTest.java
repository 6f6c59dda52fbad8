package org.peervault.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWalkerTest {
  @Test
  void listsDirectoriesFilesAndLinksUnderTheRootName(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("docs"));
    Files.createDirectories(root.resolve("a b/ü"));
    Files.writeString(root.resolve("a b/ü/n.txt"), "hi");
    Files.createSymbolicLink(root.resolve("link"), Path.of("/etc/passwd"));
    Files.setPosixFilePermissions(root.resolve("a b/ü/n.txt"), PosixFilePermissions.fromString("rwxr-x---"));

    TreeWalker.Scan scan = TreeWalker.scan(List.of(root));
    Map<String, Entry> byPath = scan.entries().stream().collect(Collectors.toMap(Entry::snapshotPath, Function.identity()));

    assertThat(byPath.keySet()).containsExactlyInAnyOrder("docs", "docs/a b", "docs/a b/ü", "docs/a b/ü/n.txt", "docs/link");
    assertThat(byPath.get("docs/a b/ü/n.txt").kind()).isEqualTo(EntryKind.REGULAR);
    assertThat(byPath.get("docs/a b/ü/n.txt").sizeBytes()).isEqualTo(2);
    assertThat(byPath.get("docs/a b/ü/n.txt").mode()).isEqualTo(0750);
    assertThat(byPath.get("docs/link").kind()).isEqualTo(EntryKind.SYMLINK);
    assertThat(byPath.get("docs/link").linkTarget()).isEqualTo("/etc/passwd");
    assertThat(scan.skipped()).isEmpty();
  }

  @Test
  void refusesRootsThatWouldCollideOrDoNotExist(@TempDir Path dir) throws Exception {
    Path one = Files.createDirectories(dir.resolve("x/docs"));
    Path two = Files.createDirectories(dir.resolve("y/docs"));
    assertThatThrownBy(() -> TreeWalker.scan(List.of(one, two))).hasMessageContaining("two roots are named \"docs\"");
    assertThatThrownBy(() -> TreeWalker.scan(List.of(dir.resolve("missing")))).hasMessageContaining("is not a directory");
  }
}
