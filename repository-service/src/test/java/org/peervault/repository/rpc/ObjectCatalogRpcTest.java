package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.CommitPartRequest;
import org.peervault.proto.v1.CopyObjectRequest;
import org.peervault.proto.v1.CreateUploadRequest;
import org.peervault.proto.v1.CreateBucketRequest;
import org.peervault.proto.v1.DeleteBucketRequest;
import org.peervault.proto.v1.DeleteObjectRequest;
import org.peervault.proto.v1.GetBucketRequest;
import org.peervault.proto.v1.GetSigningKeyRequest;
import org.peervault.proto.v1.GetSigningKeyResponse;
import org.peervault.proto.v1.HeadObjectRequest;
import org.peervault.proto.v1.ListBucketsRequest;
import org.peervault.proto.v1.ListObjectsRequest;
import org.peervault.proto.v1.LocateObjectRequest;
import org.peervault.proto.v1.LocateObjectResponse;
import org.peervault.proto.v1.ObjectChunk;
import org.peervault.proto.v1.ObjectHeaders;
import org.peervault.proto.v1.ObjectInfo;
import org.peervault.repository.access.SigV4SigningKey;
import org.peervault.repository.retention.CollectionStore;
import org.peervault.repository.testdb.PostgresTestResource;

/** The object catalog's signing keys, buckets and objects, and every refusal. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ObjectCatalogRpcTest extends ObjectCatalogTestSupport {
  private static final String TODAY = LocalDate.now(ZoneOffset.UTC)
      .format(DateTimeFormatter.BASIC_ISO_DATE);

  @Inject
  CollectionStore collection;

  private static GetSigningKeyRequest signingKey(String accessKeyId) {
    return GetSigningKeyRequest.newBuilder().setAccessKeyId(accessKeyId).setDate(TODAY)
        .setRegion("us-east-1").setService("s3").build();
  }

  @Test
  void aGatewayGetsTheDerivedSigningKeyAndTheKeysOwnerNeverTheSecret() {
    World w = world("sign");
    GetSigningKeyResponse r = w.catalog().getSigningKey(signingKey(w.alicesKey()));

    assertThat(r.getSigningKey().toByteArray()).isEqualTo(SigV4SigningKey.derive(
        w.aliceKey().secret(), TODAY, "us-east-1", "s3"));
    assertThat(r.getUserId()).isEqualTo(w.alice());
    assertThat(r.getOrganizationId()).isEqualTo(w.org().id());
    assertThat(r.toString()).doesNotContain(w.aliceKey().secret());
  }

  @Test
  void aLaptopGetsOnlyItsOwnersKeysAndCannotActAsAnotherUser() {
    World w = world("laptop");
    assertThat(w.laptop().catalog().getSigningKey(signingKey(w.bobKey().key().accessKeyId))
        .getUserId()).isEqualTo(w.bob());

    Refusal signing = refusal(() -> w.laptop().catalog().getSigningKey(
        signingKey(w.alicesKey())));
    Refusal acting = refusal(() -> w.laptop().catalog().listBuckets(
        ListBucketsRequest.newBuilder().setAccessKeyId(w.alicesKey()).build()));
    Refusal peer = refusal(() -> w.peerA().catalog().getSigningKey(signingKey(w.alicesKey())));

    for (Refusal r : new Refusal[] {signing, acting, peer}) {
      assertThat(r.status()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(r.code()).isEqualTo("s3-gateway-not-allowed");
    }
  }

  @Test
  void revokedUnknownAndForeignKeysAreRefusedAlike() {
    World w = world("revoked");
    World other = world("foreign");
    accessKeys.revoke(w.org().id(), w.bobKey().key().accessKeyId);

    for (String key : new String[] {w.bobKey().key().accessKeyId, "PVNOSUCHKEY0000000000",
        other.alicesKey()}) {
      Refusal r = refusal(() -> w.catalog().getSigningKey(signingKey(key)));
      assertThat(r.status()).as(key).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(r.code()).isEqualTo("invalid-access-key-id");
      assertThat(refusal(() -> w.catalog().listBuckets(ListBucketsRequest.newBuilder()
          .setAccessKeyId(key).build())).code()).isEqualTo("invalid-access-key-id");
    }
  }

  @Test
  void signingKeysAreOnlyForCurrentDaysAndForS3() {
    World w = world("scope");
    String old = LocalDate.now(ZoneOffset.UTC).minusDays(3)
        .format(DateTimeFormatter.BASIC_ISO_DATE);
    GetSigningKeyRequest good = signingKey(w.alicesKey());

    for (GetSigningKeyRequest bad : new GetSigningKeyRequest[] {good.toBuilder().setDate(old)
        .build(), good.toBuilder().setDate("2026-11-23").build(),
        good.toBuilder().setRegion("US EAST").build(), good.toBuilder().setService("iam").build()}) {
      Refusal r = refusal(() -> w.catalog().getSigningKey(bad));
      assertThat(r.status()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void bucketsBelongToTheirCreatorWithinTheOrganization() {
    World w = world("buckets");
    String bob = w.bobKey().key().accessKeyId;
    w.catalog().createBucket(CreateBucketRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("photos").build());
    w.catalog().createBucket(CreateBucketRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("archive").build());

    assertThat(w.catalog().listBuckets(ListBucketsRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).build()).getBucketsList())
        .extracting(b -> b.getName()).containsExactly("archive", "photos");
    assertThat(w.catalog().listBuckets(ListBucketsRequest.newBuilder().setAccessKeyId(bob)
        .build()).getBucketsList()).isEmpty();
    assertThat(refusal(() -> w.catalog().createBucket(CreateBucketRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("photos").build())).code())
        .isEqualTo("bucket-already-owned-by-you");
    assertThat(refusal(() -> w.catalog().createBucket(CreateBucketRequest.newBuilder()
        .setAccessKeyId(bob).setBucket("photos").build())).code())
        .isEqualTo("bucket-already-exists");
    Refusal foreign = refusal(() -> w.catalog().getBucket(GetBucketRequest.newBuilder()
        .setAccessKeyId(bob).setBucket("photos").build()));
    assertThat(foreign).isEqualTo(new Refusal(Status.Code.PERMISSION_DENIED, "access-denied"));
    assertThat(refusal(() -> w.catalog().getBucket(GetBucketRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("nothing-here").build())))
        .isEqualTo(new Refusal(Status.Code.NOT_FOUND, "no-such-bucket"));
    // Another organization may use the same name: names are unique per organization.
    World other = world("buckets-other");
    other.catalog().createBucket(CreateBucketRequest.newBuilder()
        .setAccessKeyId(other.alicesKey()).setBucket("photos").build());
  }

  @Test
  void badBucketNamesAreRefused() {
    World w = world("names");
    for (String bad : new String[] {"ab", "Upper", "-dash", "dots..twice", "192.168.0.1",
        "xn--punycode", "a".repeat(64), "under_score", ""}) {
      assertThat(refusal(() -> w.catalog().createBucket(CreateBucketRequest.newBuilder()
          .setAccessKeyId(w.alicesKey()).setBucket(bad).build())))
          .as(bad).isEqualTo(new Refusal(Status.Code.INVALID_ARGUMENT, "invalid-bucket-name"));
    }
    assertThat(w.catalog().listBuckets(ListBucketsRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).build()).getBucketsList()).isEmpty();
  }

  @Test
  void aBucketIsDeletedOnlyWhenEmpty() {
    World w = world("delete");
    bucket(w, "box");
    w.catalog().commitObject(commit(w.alicesKey(), "box", "a", w.stored(10)).build());
    DeleteBucketRequest delete = DeleteBucketRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("box").build();

    assertThat(refusal(() -> w.catalog().deleteBucket(delete)))
        .isEqualTo(new Refusal(Status.Code.FAILED_PRECONDITION, "bucket-not-empty"));
    w.catalog().deleteObject(DeleteObjectRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("box").setKey("a").build());
    w.catalog().deleteBucket(delete);
    assertThat(refusal(() -> w.catalog().deleteBucket(delete)).code()).isEqualTo("no-such-bucket");
  }

  @Test
  void aCommittedObjectIsHeadListedAndLocatedChunkByChunk() {
    World w = world("objects");
    bucket(w, "docs");
    FakeChunk c1 = w.stored(100);
    FakeChunk c2 = w.stored(50);
    FakeChunk c3 = w.stored(25);
    ObjectInfo committed = w.catalog().commitObject(commit(w.alicesKey(), "docs", "a/b.txt", c1,
        c2, c3).build()).getObject();
    w.catalog().commitObject(commit(w.alicesKey(), "docs", "a/c.txt", c1).build());
    w.catalog().commitObject(commit(w.alicesKey(), "docs", "z.txt", c1).build());

    ObjectInfo head = w.catalog().headObject(HeadObjectRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("docs").setKey("a/b.txt").build()).getObject();
    assertThat(head).isEqualTo(committed);
    assertThat(head.getSizeBytes()).isEqualTo(175);
    assertThat(head.getHeaders().getUserMetadataMap()).containsEntry("color", "blue");
    assertThat(head.getHeaders().getContentHeadersMap()).containsEntry("Cache-Control", "no-cache");
    assertThat(list(w, "docs", "a/", "")).containsExactly("a/b.txt", "a/c.txt");
    assertThat(list(w, "docs", "", "a/b.txt")).containsExactly("a/c.txt", "z.txt");

    LocateObjectResponse fromMiddle = locate(w, "docs", "a/b.txt", 0, 120, 10);
    assertThat(fromMiddle.getChunksList()).extracting(ObjectChunk::getOffsetBytes)
        .containsExactly(100L, 150L);
    ObjectChunk second = fromMiddle.getChunks(0);
    assertThat(second.getLocation().getChunkId()).isEqualTo(c2.id());
    assertThat(second.getLocation().getKey().size()).isEqualTo(32);
    assertThat(second.getLocation().getReplicasList()).extracting(p -> p.getDeviceId())
        .containsExactlyInAnyOrder(w.peerA().deviceId(), w.peerB().deviceId());
    assertThat(second.getLocation().getGrant().getSignature().isEmpty()).isFalse();
    assertThat(locate(w, "docs", "a/b.txt", 0, 0, 1).getChunksList())
        .extracting(c -> c.getLocation().getChunkId()).containsExactly(c1.id());
    assertThat(locate(w, "docs", "a/b.txt", 0, 175, 10).getChunksList()).isEmpty();
  }

  @Test
  void replacingAKeyMakesTheOldVersionUnreadableAndACopySharesChunks() {
    World w = world("replace");
    bucket(w, "data");
    FakeChunk old = w.stored(10);
    FakeChunk fresh = w.stored(20);
    long v1 = w.catalog().commitObject(commit(w.alicesKey(), "data", "k", old).build())
        .getObject().getVersion();
    long v2 = w.catalog().commitObject(commit(w.alicesKey(), "data", "k", fresh).build())
        .getObject().getVersion();

    assertThat(v2).isNotEqualTo(v1);
    assertThat(refusal(() -> locate(w, "data", "k", v1, 0, 10)).code()).isEqualTo("no-such-key");
    assertThat(locate(w, "data", "k", v2, 0, 10).getChunks(0).getLocation().getChunkId())
        .isEqualTo(fresh.id());

    bucket(w, "other");
    ObjectInfo copy = w.catalog().copyObject(CopyObjectRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setSourceBucket("data").setSourceKey("k")
        .setBucket("other").setKey("copied").setReplaceHeaders(true)
        .setHeaders(ObjectHeaders.newBuilder().setContentType("image/png")).build()).getObject();
    assertThat(copy.getSizeBytes()).isEqualTo(20);
    assertThat(copy.getHeaders().getContentType()).isEqualTo("image/png");
    assertThat(copy.getHeaders().getUserMetadataMap()).isEmpty();
    assertThat(locate(w, "other", "copied", 0, 0, 10).getChunks(0).getLocation().getChunkId())
        .isEqualTo(fresh.id());
    assertThat(refusal(() -> w.catalog().copyObject(CopyObjectRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setSourceBucket("data").setSourceKey("missing")
        .setBucket("other").setKey("x").build())).code()).isEqualTo("no-such-key");
  }

  @Test
  void aRefusedCommitChangesNothing() {
    World w = world("refused");
    bucket(w, "safe");
    FakeChunk good = w.stored(10);
    ObjectInfo before = w.catalog().commitObject(commit(w.alicesKey(), "safe", "k", good)
        .build()).getObject();
    FakeChunk lonely = FakeChunk.random(10);
    lonely.confirmOn(w.gateway(), w.peerA());
    FakeChunk unknown = FakeChunk.random(10);
    String alice = w.alicesKey();

    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "k", lonely)
        .build()))).isEqualTo(new Refusal(Status.Code.FAILED_PRECONDITION,
            "chunks-under-replicated"));
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "k", unknown)
        .build())).code()).isEqualTo("invalid-argument");
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "k", good)
        .setSizeBytes(11).build())).code()).isEqualTo("invalid-argument");
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "k", good)
        .setChunks(0, good.ref().toBuilder().setPlainHash(unknown.hash())).build())).code())
        .isEqualTo("invalid-argument");
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "k", good)
        .setEtag("not-an-md5").build())).code()).isEqualTo("invalid-argument");
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "x".repeat(1025),
        good).build())).code()).isEqualTo("key-too-long-error");
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "safe", "k", good)
        .setHeaders(ObjectHeaders.newBuilder().putUserMetadata("a", "v".repeat(800))
            .putUserMetadata("b", "v".repeat(800)).putUserMetadata("c", "v".repeat(800)))
        .build())).code()).isEqualTo("metadata-too-large");
    assertThat(refusal(() -> w.catalog().commitObject(commit(alice, "nope", "k", good)
        .build())).code()).isEqualTo("no-such-bucket");
    assertThat(refusal(() -> w.catalog().commitObject(commit(w.bobKey().key().accessKeyId,
        "safe", "k", good).build())).code()).isEqualTo("access-denied");

    assertThat(w.catalog().headObject(HeadObjectRequest.newBuilder().setAccessKeyId(alice)
        .setBucket("safe").setKey("k").build()).getObject()).isEqualTo(before);
    assertThat(list(w, "safe", "", "")).containsExactly("k");
  }

  @Test
  void deletingAMissingKeySucceedsAndHeadThenSaysNoSuchKey() {
    World w = world("delete-key");
    bucket(w, "box1");
    w.catalog().commitObject(commit(w.alicesKey(), "box1", "k", w.stored(5)).build());
    DeleteObjectRequest delete = DeleteObjectRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("box1").setKey("k").build();

    w.catalog().deleteObject(delete);
    w.catalog().deleteObject(delete);
    assertThat(refusal(() -> w.catalog().headObject(HeadObjectRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("box1").setKey("k").build())))
        .isEqualTo(new Refusal(Status.Code.NOT_FOUND, "no-such-key"));
  }

  @Test
  void garbageCollectionCountsObjectAndPartChunksAsReferences() {
    World w = world("collect");
    bucket(w, "keep");
    FakeChunk inObject = w.stored(10);
    FakeChunk inPart = w.stored(10);
    FakeChunk orphan = w.stored(10);
    w.catalog().commitObject(commit(w.alicesKey(), "keep", "k", inObject).build());
    String upload = w.catalog().createUpload(CreateUploadRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("keep").setKey("big").build()).getUploadId();
    w.catalog().commitPart(CommitPartRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("keep").setKey("big").setUploadId(upload).setPartNumber(1)
        .setSizeBytes(10).setEtag(md5Of("part")).addChunks(inPart.ref()).build());
    Instant now = Instant.now();

    List<String> marked = QuarkusTransaction.requiringNew().call(() -> collection.mark(
        w.org().id(), now, now.plus(Duration.ofDays(1)), 1000));

    assertThat(marked).contains(orphan.id()).doesNotContain(inObject.id(), inPart.id());
  }

  private static void bucket(World w, String name) {
    w.catalog().createBucket(CreateBucketRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket(name).build());
  }

  private static java.util.List<String> list(World w, String bucket, String prefix,
      String startAfter) {
    return w.catalog().listObjects(ListObjectsRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket(bucket).setPrefix(prefix).setStartAfter(startAfter).setLimit(100).build())
        .getObjectsList().stream().map(ObjectInfo::getKey).toList();
  }

  private static LocateObjectResponse locate(World w, String bucket, String key, long version,
      long offset, int max) {
    return w.catalog().locateObject(LocateObjectRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket(bucket).setKey(key).setVersion(version)
        .setOffsetBytes(offset).setMaxChunks(max).build());
  }
}
