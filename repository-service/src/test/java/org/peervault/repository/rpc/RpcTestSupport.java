package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.ConfirmReplicasRequest;
import org.peervault.proto.v1.ConfirmedChunk;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.EnrollRequest;
import org.peervault.proto.v1.EnrollResponse;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.testdb.TestPki;
import org.peervault.repository.trust.CertificateAuthority;
import org.peervault.repository.trust.Pki;

/**
 * What the gRPC tests share: mutual-TLS channels to the running server (its bound port), isolated
 * organizations, enrolled agents with their certificates, and fake chunks. Every test class
 * works in its own organization, so classes sharing one application and database do not see
 * each other's peers.
 */
abstract class RpcTestSupport {
  private static final Map<String, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();
  private static ManagedChannel anonymousChannel;
  private static int port;
  private static X509Certificate ca;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  CertificateAuthority authority;

  @Inject
  Devices devices;

  @BeforeEach
  void openChannel() {
    if (anonymousChannel == null) {
      port = grpcServer.port();
      ca = authority.certificate();
      anonymousChannel = TestPki.channel(port, ca, null);
    }
  }

  @AfterAll
  static void closeChannels() throws InterruptedException {
    for (ManagedChannel c : CHANNELS.values()) {
      c.shutdownNow();
    }
    CHANNELS.clear();
    if (anonymousChannel != null) {
      anonymousChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      anonymousChannel = null;
    }
  }

  /** A stub over TLS without a client certificate: only Enroll is open to it. */
  static RepositoryGrpc.RepositoryBlockingStub anonymous() {
    return RepositoryGrpc.newBlockingStub(anonymousChannel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** A stub presenting {@code key} and {@code certificate} (one channel per certificate). */
  static RepositoryGrpc.RepositoryBlockingStub presenting(KeyPair key, X509Certificate certificate) {
    return RepositoryGrpc.newBlockingStub(channel(key, certificate)).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** The channel presenting {@code key} and {@code certificate}, opened on first use. */
  static ManagedChannel channel(KeyPair key, X509Certificate certificate) {
    return CHANNELS.computeIfAbsent(certificate.getSerialNumber().toString(16),
        serial -> TestPki.channel(port, ca, key, certificate));
  }

  /** An enrollment request for a fresh key pair. */
  static EnrollRequest.Builder enrollment(String token, KeyPair key, String name) {
    return EnrollRequest.newBuilder().setEnrollmentToken(token).setCsr(ByteString.copyFrom(TestPki.csr(key, name)))
        .setDeviceName(name).setPeerAddress("127.0.0.1:9444").setQuotaBytes(1 << 30).setSite("hq").setSubnet("lan");
  }

  /** A new organization and a multi-use enrollment token for it. */
  Org newOrganization(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    long id = enrollment.createOrganization(name);
    return new Org(id, enrollment.issueToken(id, false, null));
  }

  /** An organization of the tests. */
  record Org(long id, String enrollmentToken) {
    Agent register(String name, long quotaBytes, String site, String subnet) {
      KeyPair key = Pki.newKeyPair();
      EnrollResponse r = anonymous().enroll(enrollment(enrollmentToken, key, name)
          .setPeerAddress("127.0.0.1:" + (20000 + Math.abs(name.hashCode() % 10000)))
          .setQuotaBytes(quotaBytes).setSite(site).setSubnet(subnet).build());
      assertThat(r.getOrganizationId()).isEqualTo(id);
      return new Agent(r.getDeviceId(), r.getOrganizationId(), key, TestPki.certificate(r.getCertificate().toByteArray()));
    }
  }

  /** An enrolled device, its key and certificate. */
  record Agent(long deviceId, long organizationId, KeyPair key, X509Certificate certificate) {
    RepositoryGrpc.RepositoryBlockingStub stub() {
      return presenting(key, certificate);
    }

    /** The object catalog as this device sees it. */
    org.peervault.proto.v1.ObjectCatalogGrpc.ObjectCatalogBlockingStub catalog() {
      return org.peervault.proto.v1.ObjectCatalogGrpc.newBlockingStub(channel(key, certificate))
          .withDeadlineAfter(60, TimeUnit.SECONDS);
    }
  }

  /** A fake chunk: plaintext hash, ciphertext id and sizes, unique per test run. */
  record FakeChunk(byte[] plainHash, String id, long plainSize, long storedSize) {
    static FakeChunk random(long plainSize) {
      String seed = UUID.randomUUID().toString();
      return new FakeChunk(sha256("plain:" + seed), HexFormat.of().formatHex(
          sha256("cipher:" + seed)), plainSize, plainSize + 28);
    }

    ByteString hash() {
      return ByteString.copyFrom(plainHash);
    }

    ChunkRef ref() {
      return ChunkRef.newBuilder().setChunkId(id).setPlainSizeBytes(plainSize).setPlainHash(hash()).build();
    }

    /** Confirms this chunk on peers, with the key version a lookup reports. */
    void confirmOn(Agent owner, Agent... holders) {
      int version = owner.stub().lookupChunks(LookupChunksRequest.newBuilder()
          .addPlainHashes(hash()).build()).getKeys(0).getKeyVersion();
      ConfirmedChunk.Builder c = ConfirmedChunk.newBuilder().setChunkId(id)
          .setPlainHash(hash()).setPlainSizeBytes(plainSize).setStoredSizeBytes(storedSize)
          .setKeyVersion(version);
      for (Agent h : holders) {
        c.addDeviceIds(h.deviceId());
      }
      owner.stub().confirmReplicas(ConfirmReplicasRequest.newBuilder().addChunks(c).build());
    }
  }

  /** A regular file made of these chunks. */
  static FileVersion regularFile(String path, long mtimeMillis, FakeChunk... chunks) {
    FileVersion.Builder f = FileVersion.newBuilder().setPath(path)
        .setKind(FileKind.FILE_KIND_REGULAR).setMode(0644).setMtimeMillis(mtimeMillis);
    long size = 0;
    for (FakeChunk c : chunks) {
      f.addChunks(c.ref());
      size += c.plainSize();
    }
    return f.setSizeBytes(size).build();
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a call expected to fail and returns its status. */
  static Status failure(Executable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::execute);
    assertThat(e).as("expected the call to fail").isNotNull();
    return e.getStatus();
  }

  /** A file version as a restore plan returns it: plaintext hashes are never sent back. */
  static FileVersion asPlanned(FileVersion sent) {
    FileVersion.Builder b = sent.toBuilder();
    for (int i = 0; i < b.getChunksCount(); i++) {
      b.setChunks(i, b.getChunks(i).toBuilder().clearPlainHash());
    }
    return b.build();
  }

  static List<String> paths(List<FileVersion> files) {
    return files.stream().map(FileVersion::getPath).toList();
  }
}
