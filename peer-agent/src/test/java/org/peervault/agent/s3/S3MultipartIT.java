package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peervault.agent.objects.MemObjectStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/** Multipart uploads through the AWS SDK: the whole life of an upload and every refusal. */
class S3MultipartIT {
  private static final String BUCKET = "multipart";
  private static final int PART = (int) MemObjectStore.MIN_PART_BYTES;
  private static GatewayFixture fixture;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    s3 = fixture.pathClient();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    s3.close();
    fixture.close();
  }

  private static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String create(String key) {
    return s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key).contentType("video/test")
        .metadata(Map.of("source", "camera"))).uploadId();
  }

  private static CompletedPart upload(String key, String id, int number, byte[] data) {
    String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id)
        .partNumber(number), RequestBody.fromBytes(data)).eTag();
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private static void complete(String key, String id, CompletedPart... parts) {
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id)
        .multipartUpload(m -> m.parts(parts)));
  }

  @Test
  void uploadListCompleteAndReadBack() throws Exception {
    byte[] one = bytes(PART, 1);
    byte[] two = bytes(PART, 2);
    byte[] three = bytes(1000, 3);
    String id = create("movie.bin");
    CompletedPart p2 = upload("movie.bin", id, 2, two);
    CompletedPart p1 = upload("movie.bin", id, 1, bytes(10, 9));
    p1 = upload("movie.bin", id, 1, one); // uploaded again: replaces
    CompletedPart p3 = upload("movie.bin", id, 3, three);

    ListPartsResponse parts = s3.listParts(b -> b.bucket(BUCKET).key("movie.bin").uploadId(id));
    assertThat(parts.parts()).extracting(Part::partNumber).containsExactly(1, 2, 3);
    assertThat(parts.parts()).extracting(Part::size).containsExactly((long) PART, (long) PART,
        1000L);
    ListPartsResponse page = s3.listParts(b -> b.bucket(BUCKET).key("movie.bin").uploadId(id)
        .maxParts(1).partNumberMarker(1));
    assertThat(page.parts()).extracting(Part::partNumber).containsExactly(2);
    assertThat(page.isTruncated()).isTrue();
    assertThat(page.nextPartNumberMarker()).isEqualTo(2);

    ListMultipartUploadsResponse uploads = s3.listMultipartUploads(b -> b.bucket(BUCKET));
    assertThat(uploads.uploads()).extracting(MultipartUpload::uploadId).contains(id);

    String etag = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("movie.bin")
        .uploadId(id).multipartUpload(m -> m.parts(p1Final(one), p2, p3))).eTag();

    ByteArrayOutputStream md5s = new ByteArrayOutputStream();
    for (byte[] part : List.of(one, two, three)) {
      md5s.writeBytes(MessageDigest.getInstance("MD5").digest(part));
    }
    assertThat(etag).isEqualTo("\"" + S3PayloadIT.hex(MessageDigest.getInstance("MD5")
        .digest(md5s.toByteArray())) + "-3\"");
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(one);
    whole.writeBytes(two);
    whole.writeBytes(three);
    var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("movie.bin"));
    assertThat(got.asByteArray()).isEqualTo(whole.toByteArray());
    assertThat(got.response().contentType()).isEqualTo("video/test");
    assertThat(got.response().metadata()).containsEntry("source", "camera");
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
        .extracting(MultipartUpload::uploadId).doesNotContain(id);
  }

  private static CompletedPart p1Final(byte[] one) {
    return CompletedPart.builder().partNumber(1).eTag("\"" + S3PayloadIT.hex(
        S3PayloadIT.md5(one)) + "\"").build();
  }

  @Test
  void uploadPartCopyTakesRangesOfAnObject() {
    byte[] source = bytes(PART + 100, 8);
    s3.putObject(b -> b.bucket(BUCKET).key("copy-source"), RequestBody.fromBytes(source));
    String id = create("copied");
    String first = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("copy-source")
        .destinationBucket(BUCKET).destinationKey("copied").uploadId(id).partNumber(1)
        .copySourceRange("bytes=0-" + (PART - 1))).copyPartResult().eTag();
    String second = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("copy-source")
        .destinationBucket(BUCKET).destinationKey("copied").uploadId(id).partNumber(2)
        .copySourceRange("bytes=" + PART + "-" + (PART + 99))).copyPartResult().eTag();
    complete("copied", id, CompletedPart.builder().partNumber(1).eTag(first).build(),
        CompletedPart.builder().partNumber(2).eTag(second).build());
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copied")).asByteArray())
        .isEqualTo(source);

    String other = create("copied-bad");
    SdkErrors.expect(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET)
        .sourceKey("copy-source").destinationBucket(BUCKET).destinationKey("copied-bad")
        .uploadId(other).partNumber(1).copySourceRange("bytes=5-2")), 400, "InvalidArgument");
    SdkErrors.expect(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("none")
        .destinationBucket(BUCKET).destinationKey("copied-bad").uploadId(other)
        .partNumber(1)), 404, "NoSuchKey");
    assertThat(s3.listParts(b -> b.bucket(BUCKET).key("copied-bad").uploadId(other)).parts())
        .isEmpty();
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("copied-bad").uploadId(other));
  }

  @Test
  void abortFreesTheUpload() {
    String id = create("aborted");
    upload("aborted", id, 1, bytes(100, 4));
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("aborted").uploadId(id));
    SdkErrors.expect(() -> s3.listParts(b -> b.bucket(BUCKET).key("aborted").uploadId(id)),
        404, "NoSuchUpload");
    SdkErrors.expect(() -> s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("aborted")
        .uploadId(id)), 404, "NoSuchUpload");
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, "aborted", "", 1))
        .isEmpty();
  }

  @Test
  void refusalsLeaveNoObject() {
    String id = create("refused");
    CompletedPart small = upload("refused", id, 1, bytes(100, 5));
    CompletedPart last = upload("refused", id, 2, bytes(100, 6));

    SdkErrors.expect(() -> complete("refused", id, small, last), 400, "EntityTooSmall");
    SdkErrors.expect(() -> complete("refused", id, last, small), 400, "InvalidPartOrder");
    SdkErrors.expect(() -> complete("refused", id, CompletedPart.builder().partNumber(7)
        .eTag("\"0123\"").build()), 400, "InvalidPart");
    SdkErrors.expect(() -> complete("refused", id, CompletedPart.builder().partNumber(1)
        .eTag("\"0123\"").build()), 400, "InvalidPart");
    SdkErrors.expect(() -> complete("refused", "no-such-upload", small), 404, "NoSuchUpload");
    SdkErrors.expect(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("refused").uploadId(id)
        .partNumber(10_001), RequestBody.fromString("x")), 400, "InvalidArgument");
    SdkErrors.expect(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("refused")
        .uploadId("no-such-upload").partNumber(1), RequestBody.fromString("x")), 404,
        "NoSuchUpload");
    SdkErrors.expect(() -> s3.createMultipartUpload(b -> b.bucket("no-such-bucket").key("k")),
        404, "NoSuchBucket");
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, "refused", "", 1))
        .isEmpty();
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("refused").uploadId(id));
  }

  @Test
  void malformedCompleteIsMalformedXml() {
    String id = create("malformed");
    RawS3 raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    String path = "/" + BUCKET + "/malformed?uploadId=" + id;
    for (String body : new String[] {"<CompleteMultipartUpload><Part>",
        "<CompleteMultipartUpload></CompleteMultipartUpload>",
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&e;</ETag>"
            + "</Part></CompleteMultipartUpload>",
        "<Other/>"}) {
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      RawS3.Response response = raw.send("POST", path, raw.sign("POST", path, Map.of(), bytes,
          RawS3.Mode.SIGNED, null, java.time.Clock.systemUTC()));
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.element("Code")).isEqualTo("MalformedXML");
      assertThat(response.text()).doesNotContain("root:");
    }
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("malformed").uploadId(id));
  }

  @Test
  void listUploadsByPrefixDelimiterAndMarkers() {
    String a = create("dir/a");
    String b1 = create("dir/sub/b");
    String c = create("other");
    ListMultipartUploadsResponse inDir = s3.listMultipartUploads(b -> b.bucket(BUCKET)
        .prefix("dir/").delimiter("/"));
    assertThat(inDir.uploads()).extracting(MultipartUpload::key).containsExactly("dir/a");
    assertThat(inDir.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/sub/");
    ListMultipartUploadsResponse first = s3.listMultipartUploads(b -> b.bucket(BUCKET)
        .maxUploads(1));
    assertThat(first.isTruncated()).isTrue();
    ListMultipartUploadsResponse rest = s3.listMultipartUploads(b -> b.bucket(BUCKET)
        .keyMarker(first.nextKeyMarker()).uploadIdMarker(first.nextUploadIdMarker()));
    assertThat(rest.uploads()).extracting(MultipartUpload::key)
        .doesNotContain(first.uploads().get(0).key()).contains("other");
    for (String[] upload : new String[][] {{"dir/a", a}, {"dir/sub/b", b1}, {"other", c}}) {
      s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(upload[0]).uploadId(upload[1]));
    }
  }
}
