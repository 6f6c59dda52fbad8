package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
import org.peervault.proto.v1.RegisterDeviceRequest;
import org.peervault.proto.v1.RegisterDeviceResponse;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.repository.device.Enrollment;

/**
 * What the gRPC tests share: a real channel to the running server (its bound port), isolated
 * organizations, registered agents with authenticated stubs, and fake chunks. Every test class
 * works in its own organization, so classes sharing one application and database do not see
 * each other's peers.
 */
abstract class RpcTestSupport {
  private static ManagedChannel channel;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @BeforeEach
  void openChannel() {
    if (channel == null) {
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext()
          .maxInboundMessageSize(16 * 1024 * 1024).build();
    }
  }

  @AfterAll
  static void closeChannel() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      channel = null;
    }
  }

  /** A stub without credentials. */
  static RepositoryGrpc.RepositoryBlockingStub anonymous() {
    return RepositoryGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** A stub sending {@code authorization: <header>}. */
  static RepositoryGrpc.RepositoryBlockingStub withAuthorization(String header) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), header);
    return RepositoryGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(120, TimeUnit.SECONDS);
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
      RegisterDeviceResponse r = anonymous().registerDevice(RegisterDeviceRequest.newBuilder()
          .setEnrollmentToken(enrollmentToken).setDeviceName(name)
          .setPeerAddress("127.0.0.1:" + (20000 + Math.abs(name.hashCode() % 10000)))
          .setQuotaBytes(quotaBytes).setSite(site).setSubnet(subnet).build());
      assertThat(r.getOrganizationId()).isEqualTo(id);
      return new Agent(r.getDeviceId(), r.getOrganizationId(), r.getDeviceToken());
    }
  }

  /** A registered device and its authenticated stub. */
  record Agent(long deviceId, long organizationId, String token) {
    RepositoryGrpc.RepositoryBlockingStub stub() {
      return withAuthorization("Bearer " + token);
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
      return ChunkRef.newBuilder().setChunkId(id).setPlainSizeBytes(plainSize).build();
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

  static List<String> paths(List<FileVersion> files) {
    return files.stream().map(FileVersion::getPath).toList();
  }
}
