package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.AbortUploadRequest;
import org.peervault.proto.v1.CommitPartRequest;
import org.peervault.proto.v1.CompleteUploadRequest;
import org.peervault.proto.v1.CompletedPart;
import org.peervault.proto.v1.CreateBucketRequest;
import org.peervault.proto.v1.CreateUploadRequest;
import org.peervault.proto.v1.DeleteBucketRequest;
import org.peervault.proto.v1.ListPartsRequest;
import org.peervault.proto.v1.ListUploadsRequest;
import org.peervault.proto.v1.LocateObjectRequest;
import org.peervault.proto.v1.ObjectChunk;
import org.peervault.proto.v1.ObjectHeaders;
import org.peervault.proto.v1.ObjectInfo;
import org.peervault.proto.v1.Part;
import org.peervault.repository.testdb.PostgresTestResource;

/** Multipart uploads: parts in any order, complete, abort, and every refusal. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class UploadRpcTest extends ObjectCatalogTestSupport {
  private static final long MIB = 1 << 20;

  private record Started(World w, String uploadId) {
    CommitPartRequest.Builder part(int number, FakeChunk... chunks) {
      CommitPartRequest.Builder b = CommitPartRequest.newBuilder().setAccessKeyId(w.alicesKey())
          .setBucket("big").setKey("movie.mkv").setUploadId(uploadId).setPartNumber(number)
          .setEtag(md5Of("part-" + number));
      long size = 0;
      for (FakeChunk c : chunks) {
        b.addChunks(c.ref());
        size += c.plainSize();
      }
      return b.setSizeBytes(size);
    }

    CompleteUploadRequest.Builder complete(int... numbers) {
      CompleteUploadRequest.Builder b = CompleteUploadRequest.newBuilder()
          .setAccessKeyId(w.alicesKey()).setBucket("big").setKey("movie.mkv")
          .setUploadId(uploadId);
      for (int n : numbers) {
        b.addParts(CompletedPart.newBuilder().setPartNumber(n).setEtag("\"" + md5Of("part-" + n)
            + "\""));
      }
      return b;
    }
  }

  private Started start(String prefix) {
    World w = world(prefix);
    w.catalog().createBucket(CreateBucketRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("big").build());
    String id = w.catalog().createUpload(CreateUploadRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("big").setKey("movie.mkv")
        .setHeaders(ObjectHeaders.newBuilder().setContentType("video/x-matroska")).build())
        .getUploadId();
    return new Started(w, id);
  }

  @Test
  void partsUploadedOutOfOrderCompleteIntoOneObjectInPartOrder() throws Exception {
    Started s = start("multipart");
    World w = s.w();
    FakeChunk a = w.stored(5 * MIB);
    FakeChunk b = w.stored(3 * MIB);
    FakeChunk c = w.stored(2 * MIB);
    FakeChunk d = w.stored(7);
    w.catalog().commitPart(s.part(3, d).build());
    w.catalog().commitPart(s.part(1, a).build());
    w.catalog().commitPart(s.part(2, w.stored(1)).build());
    w.catalog().commitPart(s.part(2, b, c).build());

    assertThat(w.catalog().listParts(ListPartsRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("big").setKey("movie.mkv").setUploadId(s.uploadId()).build()).getPartsList())
        .extracting(Part::getPartNumber, Part::getSizeBytes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5 * MIB),
            org.assertj.core.groups.Tuple.tuple(2, 5 * MIB),
            org.assertj.core.groups.Tuple.tuple(3, 7L));
    ObjectInfo done = w.catalog().completeUpload(s.complete(1, 2, 3).build()).getObject();

    MessageDigest md5 = MessageDigest.getInstance("MD5");
    for (int n = 1; n <= 3; n++) {
      md5.update(HexFormat.of().parseHex(md5Of("part-" + n)));
    }
    assertThat(done.getEtag()).isEqualTo(HexFormat.of().formatHex(md5.digest()) + "-3");
    assertThat(done.getSizeBytes()).isEqualTo(10 * MIB + 7);
    assertThat(done.getHeaders().getContentType()).isEqualTo("video/x-matroska");
    assertThat(w.catalog().locateObject(LocateObjectRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("big").setKey("movie.mkv").setMaxChunks(10)
        .build()).getChunksList())
        .extracting(ch -> ch.getLocation().getChunkId(), ObjectChunk::getOffsetBytes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(a.id(), 0L),
            org.assertj.core.groups.Tuple.tuple(b.id(), 5 * MIB),
            org.assertj.core.groups.Tuple.tuple(c.id(), 8 * MIB),
            org.assertj.core.groups.Tuple.tuple(d.id(), 10 * MIB));
    assertThat(uploads(w)).isEmpty();
    assertThat(refusal(() -> w.catalog().completeUpload(s.complete(1, 2, 3).build())))
        .isEqualTo(new Refusal(Status.Code.NOT_FOUND, "no-such-upload"));
  }

  @Test
  void aBadCompleteIsRefusedAndLeavesTheUploadAsItWas() {
    Started s = start("bad-complete");
    World w = s.w();
    w.catalog().commitPart(s.part(1, w.stored(4 * MIB)).build());
    w.catalog().commitPart(s.part(2, w.stored(6 * MIB)).build());
    w.catalog().commitPart(s.part(3, w.stored(10)).build());

    assertThat(refusal(() -> w.catalog().completeUpload(s.complete(2, 1, 3).build())).code())
        .isEqualTo("invalid-part-order");
    assertThat(refusal(() -> w.catalog().completeUpload(s.complete(1, 1).build())).code())
        .isEqualTo("invalid-part-order");
    assertThat(refusal(() -> w.catalog().completeUpload(s.complete(1, 4).build())).code())
        .isEqualTo("invalid-part");
    assertThat(refusal(() -> w.catalog().completeUpload(s.complete(1, 3).setParts(1,
        CompletedPart.newBuilder().setPartNumber(3).setEtag(md5Of("other"))).build())).code())
        .isEqualTo("invalid-part");
    assertThat(refusal(() -> w.catalog().completeUpload(s.complete(1, 2, 3).build())))
        .isEqualTo(new Refusal(Status.Code.INVALID_ARGUMENT, "entity-too-small"));
    assertThat(refusal(() -> w.catalog().completeUpload(s.complete().build())).code())
        .isEqualTo("malformed-xml");

    assertThat(uploads(w)).containsExactly(s.uploadId());
    ObjectInfo done = w.catalog().completeUpload(s.complete(2, 3).build()).getObject();
    assertThat(done.getSizeBytes()).isEqualTo(6 * MIB + 10);
  }

  @Test
  void abortForgetsTheUploadAndItsParts() {
    Started s = start("abort");
    World w = s.w();
    w.catalog().commitPart(s.part(1, w.stored(10)).build());
    DeleteBucketRequest deleteBucket = DeleteBucketRequest.newBuilder()
        .setAccessKeyId(w.alicesKey()).setBucket("big").build();
    assertThat(refusal(() -> w.catalog().deleteBucket(deleteBucket)).code())
        .isEqualTo("bucket-not-empty");

    AbortUploadRequest abort = AbortUploadRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("big").setKey("movie.mkv").setUploadId(s.uploadId()).build();
    w.catalog().abortUpload(abort);

    assertThat(uploads(w)).isEmpty();
    assertThat(refusal(() -> w.catalog().abortUpload(abort)).code()).isEqualTo("no-such-upload");
    assertThat(refusal(() -> w.catalog().commitPart(s.part(2, w.stored(10)).build())).code())
        .isEqualTo("no-such-upload");
    w.catalog().deleteBucket(deleteBucket);
  }

  @Test
  void badPartsAndUnknownUploadsAreRefused() {
    Started s = start("bad-parts");
    World w = s.w();
    FakeChunk c = w.stored(10);
    assertThat(refusal(() -> w.catalog().commitPart(s.part(0, c).build())).code())
        .isEqualTo("invalid-argument");
    assertThat(refusal(() -> w.catalog().commitPart(s.part(10_001, c).build())).code())
        .isEqualTo("invalid-argument");
    assertThat(refusal(() -> w.catalog().commitPart(s.part(1, c).setUploadId("nope").build())))
        .isEqualTo(new Refusal(Status.Code.NOT_FOUND, "no-such-upload"));
    assertThat(refusal(() -> w.catalog().commitPart(s.part(1, c).setKey("other-key").build()))
        .code()).isEqualTo("no-such-upload");
    FakeChunk lonely = FakeChunk.random(10);
    lonely.confirmOn(w.gateway(), w.peerA());
    assertThat(refusal(() -> w.catalog().commitPart(s.part(1, lonely).build())).code())
        .isEqualTo("chunks-under-replicated");
    assertThat(refusal(() -> w.catalog().listParts(ListPartsRequest.newBuilder()
        .setAccessKeyId(w.bobKey().key().accessKeyId).setBucket("big").setKey("movie.mkv")
        .setUploadId(s.uploadId()).build())).code()).isEqualTo("access-denied");
    assertThat(w.catalog().listParts(ListPartsRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("big").setKey("movie.mkv").setUploadId(s.uploadId()).build()).getPartsList())
        .isEmpty();
  }

  private static java.util.List<String> uploads(World w) {
    return w.catalog().listUploads(ListUploadsRequest.newBuilder().setAccessKeyId(w.alicesKey())
        .setBucket("big").build()).getUploadsList().stream().map(u -> u.getUploadId()).toList();
  }
}
