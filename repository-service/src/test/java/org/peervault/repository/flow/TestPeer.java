package org.peervault.repository.flow;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.peervault.agent.backup.Backup;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.restore.Restore;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.restore.RestoreRequest;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.replica.TaskRunner;
import org.peervault.agent.serve.Heartbeat;
import org.peervault.agent.serve.PeerServer;
import org.peervault.agent.store.FileChunkStore;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import com.google.protobuf.ByteString;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import org.peervault.agent.serve.GrantVerifier;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.DeviceKeys;
import org.peervault.agent.transfer.EnrollmentToken;
import org.peervault.proto.v1.EnrollRequest;
import org.peervault.proto.v1.EnrollResponse;

/**
 * One peer agent of a test, in this JVM but on real sockets: enrolled with a CSR like {@code
 * peer-agent enroll}, its own chunk store directory, its own mutual-TLS gRPC server that checks
 * grants, its heartbeat, and its device certificate for every call.
 */
final class TestPeer implements AutoCloseable {
  private final String name;
  private final Path storeDir;
  private final long quotaBytes;
  private final String repositoryAddress;
  private final RepositoryClient repository;
  private final DeviceIdentity identity;
  private final GrantVerifier grants;
  private FileChunkStore store;
  private PeerServer server;
  private Heartbeat heartbeat;
  private PeerChannels taskChannels;
  private TaskRunner tasks;

  private TestPeer(String name, Path storeDir, long quotaBytes, String repositoryAddress, Enrolled enrolled) {
    this.name = name;
    this.storeDir = storeDir;
    this.quotaBytes = quotaBytes;
    this.repositoryAddress = repositoryAddress;
    this.identity = enrolled.identity();
    this.grants = new GrantVerifier(identity.organizationId(), identity.deviceId(), enrolled.grantKey(),
        Clock.systemUTC());
    this.repository = RepositoryClient.connect(repositoryAddress, identity);
  }

  /** An enrolled device: its identity and the repository's grant key. */
  record Enrolled(DeviceIdentity identity, PublicKey grantKey) {}

  /** Enrolls a device as {@code peer-agent enroll} does: a fresh key pair, a CSR, the pinned CA. */
  static Enrolled enroll(String repositoryAddress, String token, String name, long quotaBytes) {
    EnrollmentToken parsed = EnrollmentToken.parse(token);
    KeyPair keys = DeviceKeys.newKeyPair();
    EnrollResponse r = RepositoryClient.enroll(repositoryAddress, parsed.caFingerprint(), EnrollRequest.newBuilder()
        .setEnrollmentToken(parsed.secret()).setCsr(ByteString.copyFrom(DeviceKeys.csr(keys, name)))
        .setDeviceName(name).setPeerAddress("127.0.0.1:1").setQuotaBytes(quotaBytes).setSite(name).build());
    return new Enrolled(new DeviceIdentity(r.getDeviceId(), r.getOrganizationId(), keys.getPrivate(),
        DeviceKeys.certificate(r.getCertificate().toByteArray()), DeviceKeys.certificate(r.getCaCertificate().toByteArray())),
        DeviceKeys.grantKey(r.getGrantPublicKey().toByteArray()));
  }

  /** Enrolls a peer with {@code token} and starts it serving. */
  static TestPeer start(String name, Path dir, long quotaBytes, String repositoryAddress, String token) {
    TestPeer peer = new TestPeer(name, dir.resolve(name), quotaBytes, repositoryAddress,
        enroll(repositoryAddress, token, name, quotaBytes));
    peer.resume();
    return peer;
  }

  /**
   * Starts (again) serving the same store, on a new port the heartbeat announces, and carrying
   * out the peer tasks the heartbeats bring.
   */
  void resume() {
    store = FileChunkStore.open(storeDir, quotaBytes);
    server = PeerServer.start("127.0.0.1", 0, store, identity, grants);
    taskChannels = new PeerChannels(identity);
    tasks = TaskRunner.forStore(store, taskChannels, repository::reportTasks, 4);
    heartbeat = Heartbeat.start(repository, "127.0.0.1:" + server.port(), store, grants, Duration.ofSeconds(5),
        tasks);
  }

  /** Stops serving, as a machine switched off would: no goodbye to the repository. */
  void stop() {
    heartbeat.close();
    tasks.close();
    taskChannels.close();
    server.close();
  }

  /** Whether the chunk store holds this chunk. */
  boolean holds(String chunkId) {
    return store.contains(org.peervault.agent.chunk.ChunkId.parse(chunkId));
  }

  BackupReport backup(Path... roots) throws IOException {
    return backup(file -> Files.newInputStream(file), roots);
  }

  BackupReport backup(Backup.SourceOpener opener, Path... roots) throws IOException {
    try (PeerChannels peers = new PeerChannels(identity)) {
      return new Backup(repository, peers, BackupSettings.defaults(name), opener).run(List.of(roots));
    }
  }

  RestoreReport restore(Path target, String... paths) throws IOException {
    try (PeerChannels peers = new PeerChannels(identity)) {
      return new Restore(repository, new ChunkFetcher(peers, new Sealer()), 4)
          .run(new RestoreRequest(target, 0, 0, 0, List.of(paths)));
    }
  }

  /** Restores exactly one snapshot into {@code target}. */
  RestoreReport restoreSnapshot(Path target, long snapshotId) throws IOException {
    try (PeerChannels peers = new PeerChannels(identity)) {
      return new Restore(repository, new ChunkFetcher(peers, new Sealer()), 4)
          .run(new RestoreRequest(target, 0, snapshotId, 0, List.of()));
    }
  }

  /** Where this peer serves its chunks (host:port). */
  String address() {
    return "127.0.0.1:" + server.port();
  }

  /**
   * Flips the last byte of every chunk this peer holds on disk: of each chunk file, and of each
   * record of its packs ({@code [32-byte id][4-byte length][sealed bytes]}).
   */
  int corruptEveryChunk() throws IOException {
    int corrupted = 0;
    try (Stream<Path> files = Files.walk(storeDir.resolve("chunks"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.seek(raf.length() - 1);
          int last = raf.read();
          raf.seek(raf.length() - 1);
          raf.write(last ^ 0x01);
        }
        corrupted++;
      }
    }
    try (Stream<Path> files = Files.list(storeDir.resolve("packs"))) {
      for (Path pack : files.filter(p -> p.toString().endsWith(".pack")).toList()) {
        byte[] bytes = Files.readAllBytes(pack);
        java.nio.ByteBuffer records = java.nio.ByteBuffer.wrap(bytes);
        for (int at = 0; at + 36 <= bytes.length; at += 36 + records.getInt(at + 32)) {
          bytes[at + 36 + records.getInt(at + 32) - 1] ^= 0x01;
          corrupted++;
        }
        Files.write(pack, bytes);
      }
    }
    return corrupted;
  }

  long usedBytes() {
    return store.usedBytes();
  }

  long deviceId() {
    return identity.deviceId();
  }

  /** This peer's certificate and key, for channels of a test's own. */
  DeviceIdentity identity() {
    return identity;
  }

  /** The directory its chunks are stored in. */
  Path storeDir() {
    return storeDir;
  }

  RepositoryClient repository() {
    return repository;
  }

  @Override
  public void close() {
    stop();
    repository.close();
  }
}
