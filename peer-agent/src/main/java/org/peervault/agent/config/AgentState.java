package org.peervault.agent.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * This device's enrollment, as written by {@code enroll} and read by every other command, in
 * {@code <stateDir>/agent.properties} (format {@value #FORMAT}). The key material lives beside it
 * ({@link IdentityFiles}); this file holds no secret. Format 1 (the skeleton's device token) is
 * refused with a request to enroll again.
 *
 * @param stateDir the directory of this state and of the identity files (not stored in the file)
 * @param repository the repository's gRPC host:port
 * @param deviceId this device's id in the repository
 * @param organizationId this device's organization
 * @param deviceName this machine's name
 * @param deviceGroup the device group enrollment put it in; empty for none
 * @param listen host:port this agent serves its peers on
 * @param quotaBytes disk lent to peers
 * @param storeDir where peers' chunks are kept
 */
public record AgentState(Path stateDir, String repository, long deviceId, long organizationId, String deviceName,
    String deviceGroup, String listen, long quotaBytes, Path storeDir) {

  private static final String FILE = "agent.properties";
  private static final String FORMAT = "2";
  private static final String ENROLL = "peer-agent enroll --server HOST:PORT --token TOKEN";

  /**
   * Reads the state from {@code stateDir}.
   *
   * @throws NotRegisteredException when this machine has not been enrolled, or by an older agent
   */
  public static AgentState load(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new NotRegisteredException("this machine is not enrolled (no " + file + "); run: " + ENROLL);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new NotRegisteredException(file + " has format " + p.getProperty("format") + " (an older agent's"
          + " registration with a device token); this agent needs certificates: enroll again: " + ENROLL);
    }
    return new AgentState(stateDir, p.getProperty("repository"), Long.parseLong(p.getProperty("device.id")),
        Long.parseLong(p.getProperty("organization.id")), p.getProperty("device.name"),
        p.getProperty("device.group", ""), p.getProperty("listen"), Long.parseLong(p.getProperty("quota.bytes")),
        Path.of(p.getProperty("store.dir")));
  }

  /** Writes the state atomically into {@link #stateDir}, readable and writable by the owner only. */
  public void save() throws IOException {
    Files.createDirectories(stateDir);
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("repository", repository);
    p.setProperty("device.id", Long.toString(deviceId));
    p.setProperty("organization.id", Long.toString(organizationId));
    p.setProperty("device.name", deviceName);
    p.setProperty("device.group", deviceGroup);
    p.setProperty("listen", listen);
    p.setProperty("quota.bytes", Long.toString(quotaBytes));
    p.setProperty("store.dir", storeDir.toAbsolutePath().toString());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    p.store(text, "PeerVault agent state; the device key is in " + IdentityFiles.KEY);
    AtomicFile.write(stateDir.resolve(FILE), text.toByteArray(), true);
  }

  /** The machine has no usable enrollment; the message says to enroll. */
  public static final class NotRegisteredException extends RuntimeException {
    public NotRegisteredException(String message) {
      super(message);
    }
  }
}
