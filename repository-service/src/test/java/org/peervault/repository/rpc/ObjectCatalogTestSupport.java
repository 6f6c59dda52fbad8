package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.CommitObjectRequest;
import org.peervault.proto.v1.ObjectCatalogGrpc;
import org.peervault.proto.v1.ObjectHeaders;
import org.peervault.repository.access.AccessKeys;
import org.peervault.repository.identity.Users;

/**
 * What the object catalog tests share: an organization with two users (alice, bob), an access
 * key each, a device marked as S3 gateway, a laptop owned by bob, and two peers that hold chunks.
 */
abstract class ObjectCatalogTestSupport extends RpcTestSupport {

  @Inject
  Users users;

  @Inject
  AccessKeys accessKeys;

  /** One organization of a test. */
  record World(Org org, long alice, long bob, AccessKeys.Issued aliceKey,
      AccessKeys.Issued bobKey, Agent gateway, Agent laptop, Agent peerA, Agent peerB) {

    ObjectCatalogGrpc.ObjectCatalogBlockingStub catalog() {
      return gateway.catalog();
    }

    String alicesKey() {
      return aliceKey.key().accessKeyId;
    }

    /** A chunk stored on both peers (enough replicas). */
    FakeChunk stored(long plainSize) {
      FakeChunk c = FakeChunk.random(plainSize);
      c.confirmOn(gateway, peerA, peerB);
      return c;
    }
  }

  World world(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    long orgId = enrollment.createOrganization(name);
    Org org = new Org(orgId, enrollment.issueToken(orgId, false, null));
    long alice = users.actorOf("alice-" + UUID.randomUUID(), "alice", null, name,
        Set.of("user")).userId();
    long bob = users.actorOf("bob-" + UUID.randomUUID(), "bob", null, name, Set.of("user"))
        .userId();
    Agent gateway = org.register("gateway", 1L << 30, "dc", "a");
    devices.markS3Gateway(orgId, gateway.deviceId(), true);
    Agent laptop = org.register("laptop", 1L << 30, "office", "b");
    devices.assignOwner(orgId, laptop.deviceId(), bob);
    return new World(org, alice, bob, accessKeys.issue(orgId, alice, "alice's"),
        accessKeys.issue(orgId, bob, "bob's"), gateway, laptop,
        org.register("peer-a", 1L << 30, "site-a", "c"),
        org.register("peer-b", 1L << 30, "site-b", "d"));
  }

  /** A commit of these chunks under {@code key}, with a made-up MD5. */
  static CommitObjectRequest.Builder commit(String accessKeyId, String bucket, String key,
      FakeChunk... chunks) {
    CommitObjectRequest.Builder b = CommitObjectRequest.newBuilder().setAccessKeyId(accessKeyId)
        .setBucket(bucket).setKey(key).setEtag(md5Of(key))
        .setHeaders(ObjectHeaders.newBuilder().setContentType("text/plain")
            .putUserMetadata("color", "blue").putContentHeaders("Cache-Control", "no-cache"));
    long size = 0;
    for (FakeChunk c : chunks) {
      b.addChunks(c.ref());
      size += c.plainSize();
    }
    return b.setSizeBytes(size);
  }

  static String md5Of(String s) {
    return java.util.HexFormat.of().formatHex(sha256(s)).substring(0, 32);
  }

  static ChunkRef ref(FakeChunk c) {
    return c.ref();
  }

  /** The status and error code of a call expected to fail. */
  record Refusal(Status.Code status, String code) {}

  static Refusal refusal(Executable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::execute);
    assertThat(e).as("expected the call to fail").isNotNull();
    return new Refusal(e.getStatus().getCode(), e.getTrailers() == null ? null
        : e.getTrailers().get(StatusMapper.CODE));
  }
}
