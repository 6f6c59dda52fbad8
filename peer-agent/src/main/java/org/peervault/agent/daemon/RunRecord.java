package org.peervault.agent.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The time of the last successful scheduled backup, kept in {@code <state dir>/daemon.properties}
 * (format 1, written atomically) so a restarted agent knows whether it missed a run. An unreadable
 * file counts as "never", which only causes an early catch-up run.
 */
public final class RunRecord {
  private static final Logger LOG = Logger.getLogger(RunRecord.class.getName());
  static final String FILE = "daemon.properties";

  private final Path file;

  public RunRecord(Path stateDir) {
    this.file = stateDir.resolve(FILE);
  }

  /** When the last successful backup finished; empty when never (or unknown). */
  public Optional<Instant> lastSuccess() {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
      String millis = p.getProperty("last.success.millis");
      return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warning(() -> "event=run_record_unreadable file=\"" + file + "\" reason=\"" + e.getMessage()
          + "\" effect=\"a catch-up backup runs now\"");
      return Optional.empty();
    }
  }

  /** Records a successful backup finished at {@code when}. */
  public void success(Instant when) throws IOException {
    Files.createDirectories(file.getParent());
    Properties p = new Properties();
    p.setProperty("format", "1");
    p.setProperty("last.success.millis", Long.toString(when.toEpochMilli()));
    Path temp = Files.createTempFile(file.getParent(), ".daemon-", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        p.store(out, "PeerVault agent: last successful scheduled backup");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
