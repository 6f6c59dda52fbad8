package org.peervault.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkerParams;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.TreeWalker;

class SourceReaderTest {
  private static SourceReader reader(Backup.SourceOpener opener) {
    return new SourceReader(opener, ChunkerParams.defaults(),
        (hash, plain) -> CompletableFuture.completedFuture(ChunkId.of(plain)), bytes -> { });
  }

  private static Entry scanOne(Path root) throws IOException {
    return TreeWalker.scan(List.of(root)).entries().stream().filter(e -> e.sizeBytes() > 0).findFirst().orElseThrow();
  }

  /** Appends to the file while the first {@code times} reads are under way. */
  private static Backup.SourceOpener growing(int times) {
    AtomicInteger opened = new AtomicInteger();
    return file -> {
      InputStream in = Files.newInputStream(file);
      if (opened.incrementAndGet() <= times) {
        Files.writeString(file, "more", StandardOpenOption.APPEND);
      }
      return in;
    };
  }

  @Test
  void aFileThatChangedOnceIsReadAgainAndBackedUpAsItNowIs(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("t"));
    Files.writeString(dir.resolve("t/log"), "hello");
    PendingFile file = reader(growing(1)).read(scanOne(dir.resolve("t")));
    assertThat(file.sizeBytes()).isEqualTo(9);
    assertThat(file.entry().stamp().sizeBytes()).isEqualTo(9);
  }

  @Test
  void aFileThatKeepsChangingIsReportedAfterTheLastAttempt(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("t"));
    Files.writeString(dir.resolve("t/log"), "hello");
    assertThatThrownBy(() -> reader(growing(SourceReader.ATTEMPTS)).read(scanOne(dir.resolve("t"))))
        .isInstanceOf(FileChangedException.class).hasMessageContaining("changed while being read (3 attempts)");
  }

  @Test
  void aFileThatVanishesWhileReadIsReported(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("t"));
    Files.writeString(dir.resolve("t/log"), "hello");
    Backup.SourceOpener deleting = file -> new FilterInputStream(Files.newInputStream(file)) {
      @Override
      public void close() throws IOException {
        super.close();
        Files.deleteIfExists(file);
      }
    };
    assertThatThrownBy(() -> reader(deleting).read(scanOne(dir.resolve("t"))))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("vanished while being read");
  }

  @Test
  void aFileOfMoreThanFourGibibytesStreamsInBoundedMemory(@TempDir Path dir) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-cp", System.getProperty("java.class.path"), BigFileMain.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(output).contains("read " + BigFileMain.SIZE + " bytes");
    assertThat(child.exitValue()).as(output).isZero();
  }
}
