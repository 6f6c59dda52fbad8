package org.peervault.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * This device's registration, as written by {@code register} and read by every other command.
 *
 * @param repository the repository's gRPC host:port
 * @param deviceId this device's id in the repository
 * @param deviceName this machine's name
 * @param deviceToken the credential for repository calls (a secret: never printed)
 * @param listen host:port this agent serves its peers on
 * @param quotaBytes disk lent to peers
 * @param storeDir where peers' chunks are kept
 */
public record AgentState(String repository, long deviceId, String deviceName, String deviceToken,
    String listen, long quotaBytes, Path storeDir) {

  private static final String FILE = "agent.properties";
  private static final String FORMAT = "1";

  @Override
  public String toString() {
    return "AgentState[repository=" + repository + ", deviceId=" + deviceId + ", deviceName=" + deviceName
        + ", listen=" + listen + ", quotaBytes=" + quotaBytes + ", storeDir=" + storeDir + "]";
  }

  /**
   * Reads the state from {@code stateDir}.
   *
   * @throws NotRegisteredException when this machine has not been registered yet
   */
  public static AgentState load(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new NotRegisteredException(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new IllegalStateException(file + " has format " + p.getProperty("format") + ", this agent reads " + FORMAT);
    }
    return new AgentState(p.getProperty("repository"), Long.parseLong(p.getProperty("device.id")),
        p.getProperty("device.name"), p.getProperty("device.token"), p.getProperty("listen"),
        Long.parseLong(p.getProperty("quota.bytes")), Path.of(p.getProperty("store.dir")));
  }

  /** Writes the state atomically, readable and writable by the owner only. */
  public void save(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("repository", repository);
    p.setProperty("device.id", Long.toString(deviceId));
    p.setProperty("device.name", deviceName);
    p.setProperty("device.token", deviceToken);
    p.setProperty("listen", listen);
    p.setProperty("quota.bytes", Long.toString(quotaBytes));
    p.setProperty("store.dir", storeDir.toAbsolutePath().toString());
    Path temp = Files.createTempFile(stateDir, ".agent-", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // createTempFile already restricts access where POSIX permissions do not exist
      }
      try (OutputStream out = Files.newOutputStream(temp)) {
        p.store(out, "PeerVault agent state; holds this device's credential: keep it private");
      }
      Files.move(temp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The machine has no agent state yet. */
  public static final class NotRegisteredException extends RuntimeException {
    public NotRegisteredException(Path stateDir) {
      super("this machine is not registered (no " + stateDir.resolve(FILE)
          + "); run: peer-agent register --repository HOST:PORT --token TOKEN");
    }
  }
}
