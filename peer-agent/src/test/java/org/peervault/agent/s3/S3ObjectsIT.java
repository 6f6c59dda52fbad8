package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Object operations through the AWS SDK over a real socket: put, get with ranges and
 * conditions, head, delete, copy, metadata and content headers, odd keys in both addressing
 * styles.
 */
class S3ObjectsIT {
  private static final String BUCKET = "objects";
  private static GatewayFixture fixture;
  private static S3Client s3;
  private static S3Client vhost;

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    s3 = fixture.pathClient();
    vhost = fixture.virtualHostClient();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    s3.close();
    vhost.close();
    fixture.close();
  }

  private static void put(String key, String text) {
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text));
  }

  private static String get(S3Client client, String key) {
    return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
  }

  @Test
  void putGetHeadDeleteRoundTrip() {
    PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("round/trip.txt")
        .contentType("text/x-test").contentDisposition("attachment; filename=\"t.txt\"")
        .contentLanguage("fr").cacheControl("max-age=60").contentEncoding("identity")
        .metadata(Map.of("colour", "blue", "owner-name", "Ada")),
        RequestBody.fromString("bonjour"));
    assertThat(put.eTag()).isEqualTo("\"" + S3PayloadIT.hex(S3PayloadIT.md5(
        "bonjour".getBytes(StandardCharsets.UTF_8))) + "\"");

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET)
        .key("round/trip.txt"));
    assertThat(got.asUtf8String()).isEqualTo("bonjour");
    GetObjectResponse meta = got.response();
    assertThat(meta.eTag()).isEqualTo(put.eTag());
    assertThat(meta.contentType()).isEqualTo("text/x-test");
    assertThat(meta.contentDisposition()).isEqualTo("attachment; filename=\"t.txt\"");
    assertThat(meta.contentLanguage()).isEqualTo("fr");
    assertThat(meta.cacheControl()).isEqualTo("max-age=60");
    assertThat(meta.contentEncoding()).isEqualTo("identity");
    assertThat(meta.metadata()).containsExactlyInAnyOrderEntriesOf(
        Map.of("colour", "blue", "owner-name", "Ada"));
    assertThat(meta.contentLength()).isEqualTo(7);
    assertThat(meta.lastModified()).isBetween(Instant.now().minusSeconds(60),
        Instant.now().plusSeconds(1));

    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("round/trip.txt"));
    assertThat(head.contentLength()).isEqualTo(7);
    assertThat(head.eTag()).isEqualTo(put.eTag());
    assertThat(head.metadata()).containsEntry("colour", "blue");

    s3.deleteObject(b -> b.bucket(BUCKET).key("round/trip.txt"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(s3, "round/trip.txt"))
        .isInstanceOf(NoSuchKeyException.class);
    SdkErrors.expect(() -> s3.headObject(b -> b.bucket(BUCKET).key("round/trip.txt")), 404,
        null);
    // Deleting a missing key is not an error.
    s3.deleteObject(b -> b.bucket(BUCKET).key("round/trip.txt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b+c=d&e?f#g", "dir//double/../dot/./x", "ünïcødé/ключ/鍵",
      "percent%2Fencoded%20already", "semi;colon,comma:colon@at$dollar!bang'quote(paren)*",
      "tilde~under_score-dash.dot", "trailing/"})
  void oddKeysRoundTripInBothStyles(String key) {
    put(key, "value of " + key);
    assertThat(get(s3, key)).isEqualTo("value of " + key);
    assertThat(get(vhost, key)).isEqualTo("value of " + key);
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents())
        .anyMatch(o -> o.key().equals(key));
    vhost.deleteObject(b -> b.bucket(BUCKET).key(key));
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, key, "", 10))
        .noneMatch(o -> o.key().equals(key));
  }

  @Test
  void rangesIncludingSuffixAndOpenRanges() {
    put("range", "0123456789");
    assertThat(range("bytes=2-5")).isEqualTo("2345");
    assertThat(range("bytes=7-")).isEqualTo("789");
    assertThat(range("bytes=-3")).isEqualTo("789");
    assertThat(range("bytes=-30")).isEqualTo("0123456789");
    assertThat(range("bytes=8-100")).isEqualTo("89");
    GetObjectResponse partial = s3.getObject(b -> b.bucket(BUCKET).key("range")
        .range("bytes=2-5"), (response, in) -> response);
    assertThat(partial.contentRange()).isEqualTo("bytes 2-5/10");
    assertThat(partial.contentLength()).isEqualTo(4);
    assertThat(partial.acceptRanges()).isEqualTo("bytes");

    SdkErrors.expect(() -> range("bytes=10-"), 416, "InvalidRange");
    SdkErrors.expect(() -> range("bytes=-0"), 416, "InvalidRange");
  }

  private static String range(String header) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range").range(header))
        .asUtf8String();
  }

  @Test
  void conditionalGetsAnswer304And412() {
    put("cond", "conditional");
    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("cond"));
    String etag = head.eTag();
    Instant modified = head.lastModified();

    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond").ifMatch(etag))
        .asUtf8String()).isEqualTo("conditional");
    SdkErrors.expect(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifMatch("\"0000\"")), 412, "PreconditionFailed");
    SdkErrors.expect(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifNoneMatch(etag)), 304, null);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifNoneMatch("\"other\"")).asUtf8String()).isEqualTo("conditional");
    SdkErrors.expect(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifModifiedSince(modified.plusSeconds(5))), 304, null);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifModifiedSince(modified.minusSeconds(5))).asUtf8String()).isEqualTo("conditional");
    SdkErrors.expect(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifUnmodifiedSince(modified.minusSeconds(5))), 412, "PreconditionFailed");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")
        .ifUnmodifiedSince(modified.plusSeconds(5))).asUtf8String()).isEqualTo("conditional");
    // If-Match holds, so an If-Unmodified-Since that fails is not considered (RFC 9110).
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond").ifMatch(etag)
        .ifUnmodifiedSince(modified.minusSeconds(5))).asUtf8String())
        .isEqualTo("conditional");
    SdkErrors.expect(() -> s3.headObject(b -> b.bucket(BUCKET).key("cond")
        .ifNoneMatch(etag)), 304, null);
  }

  @Test
  void copyKeepsOrReplacesMetadata() {
    s3.putObject(b -> b.bucket(BUCKET).key("copy/source").contentType("text/source")
        .metadata(Map.of("kept", "yes")), RequestBody.fromString("copied bytes"));

    CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket(BUCKET)
        .sourceKey("copy/source").destinationBucket(BUCKET).destinationKey("copy/same-meta"));
    assertThat(copied.copyObjectResult().eTag()).isEqualTo(s3.headObject(b -> b.bucket(BUCKET)
        .key("copy/source")).eTag());
    HeadObjectResponse same = s3.headObject(b -> b.bucket(BUCKET).key("copy/same-meta"));
    assertThat(same.contentType()).isEqualTo("text/source");
    assertThat(same.metadata()).containsEntry("kept", "yes");

    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/source")
        .destinationBucket(BUCKET).destinationKey("copy/new-meta")
        .metadataDirective(MetadataDirective.REPLACE).contentType("text/replaced")
        .metadata(Map.of("fresh", "1")));
    HeadObjectResponse replaced = s3.headObject(b -> b.bucket(BUCKET).key("copy/new-meta"));
    assertThat(replaced.contentType()).isEqualTo("text/replaced");
    assertThat(replaced.metadata()).containsExactly(Map.entry("fresh", "1"));
    assertThat(get(s3, "copy/new-meta")).isEqualTo("copied bytes");

    SdkErrors.expect(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/source")
        .destinationBucket(BUCKET).destinationKey("copy/source")), 400, "InvalidRequest");
    SdkErrors.expect(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/none")
        .destinationBucket(BUCKET).destinationKey("copy/x")), 404, "NoSuchKey");
    SdkErrors.expect(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/source")
        .destinationBucket(BUCKET).destinationKey("copy/cond").copySourceIfMatch("\"nope\"")),
        412, "PreconditionFailed");
    SdkErrors.expect(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/source")
        .destinationBucket("no-such-target").destinationKey("x")), 404, "NoSuchBucket");
  }

  @Test
  void missingObjectAndBucketErrors() {
    SdkErrors.expect(() -> get(s3, "never-stored"), 404, "NoSuchKey");
    SdkErrors.expect(() -> s3.getObjectAsBytes(b -> b.bucket("no-such-bucket").key("k")), 404,
        "NoSuchBucket");
    SdkErrors.expect(() -> s3.putObject(b -> b.bucket("no-such-bucket").key("k"),
        RequestBody.fromString("x")), 404, "NoSuchBucket");
    SdkErrors.expect(() -> s3.getObjectAcl(b -> b.bucket(BUCKET).key("k")), 501,
        "NotImplemented");
  }

  @Test
  void conditionalPutRefusesAnExistingKey() {
    s3.putObject(b -> b.bucket(BUCKET).key("once").ifNoneMatch("*"),
        RequestBody.fromString("first"));
    SdkErrors.expect(() -> s3.putObject(b -> b.bucket(BUCKET).key("once").ifNoneMatch("*"),
        RequestBody.fromString("second")), 412, "PreconditionFailed");
    assertThat(get(s3, "once")).isEqualTo("first");
  }

  @Test
  void responseOverridesReplaceStoredHeaders() {
    put("override", "x");
    GetObjectResponse response = s3.getObject(b -> b.bucket(BUCKET).key("override")
        .responseContentType("application/x-override")
        .responseContentDisposition("inline")
        .responseCacheControl("no-store"), (r, in) -> r);
    assertThat(response.contentType()).isEqualTo("application/x-override");
    assertThat(response.contentDisposition()).isEqualTo("inline");
    assertThat(response.cacheControl()).isEqualTo("no-store");
  }

  @Test
  void tooMuchMetadataIsRefused() {
    SdkErrors.expect(() -> s3.putObject(b -> b.bucket(BUCKET).key("meta-heavy")
        .metadata(Map.of("big", "x".repeat(2100))), RequestBody.fromString("x")), 400,
        "MetadataTooLarge");
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, "meta-heavy", "", 1))
        .isEmpty();
  }
}
