package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Bucket operations through the AWS SDK over a real socket, path-style and virtual-host-style. */
class S3BucketsIT {
  private static GatewayFixture fixture;
  private static S3Client path;
  private static S3Client vhost;

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    path = fixture.pathClient();
    vhost = fixture.virtualHostClient();
  }

  @AfterAll
  static void stop() {
    path.close();
    vhost.close();
    fixture.close();
  }

  @Test
  void bucketLifeCyclePathStyle() {
    lifeCycle(path, "life-path");
  }

  @Test
  void bucketLifeCycleVirtualHostStyle() {
    lifeCycle(vhost, "life-vhost");
  }

  private void lifeCycle(S3Client s3, String name) {
    s3.createBucket(b -> b.bucket(name));
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(name);
    HeadBucketResponse head = s3.headBucket(b -> b.bucket(name));
    assertThat(head.bucketRegion()).isEqualTo("us-east-1");
    assertThat(s3.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString())
        .isEmpty();
    s3.deleteBucket(b -> b.bucket(name));
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(name);
    SdkErrors.expect(() -> s3.headBucket(b -> b.bucket(name)), 404, null);
  }

  @Test
  void createBucketWithConfigurationOfItsRegion() {
    path.createBucket(b -> b.bucket("with-config").createBucketConfiguration(
        CreateBucketConfiguration.builder().locationConstraint("us-east-1").build()));
    assertThat(fixture.store.bucket(GatewayFixture.PRINCIPAL, "with-config")).isPresent();
  }

  @Test
  void createBucketInAnotherRegionIsRefusedAndCreatesNothing() {
    SdkErrors.expect(() -> path.createBucket(b -> b.bucket("elsewhere")
        .createBucketConfiguration(CreateBucketConfiguration.builder()
            .locationConstraint(BucketLocationConstraint.EU_WEST_1).build())),
        400, "InvalidLocationConstraint");
    assertThat(fixture.store.bucket(GatewayFixture.PRINCIPAL, "elsewhere")).isEmpty();
  }

  @Test
  void creatingOwnBucketAgainIsBucketAlreadyOwnedByYou() {
    path.createBucket(b -> b.bucket("twice"));
    SdkErrors.expect(() -> path.createBucket(b -> b.bucket("twice")), 409,
        "BucketAlreadyOwnedByYou");
  }

  @Test
  void bucketOfAnotherOrganizationIsBucketAlreadyExistsAndInvisible() {
    try (S3Client other = fixture.client(GatewayFixture.OTHER_ACCESS_KEY,
        GatewayFixture.OTHER_SECRET, true)) {
      other.createBucket(b -> b.bucket("theirs"));
      SdkErrors.expect(() -> path.createBucket(b -> b.bucket("theirs")), 409,
          "BucketAlreadyExists");
      assertThat(path.listBuckets().buckets()).extracting(Bucket::name)
          .doesNotContain("theirs");
      SdkErrors.expect(() -> path.listObjectsV2(b -> b.bucket("theirs")), 404,
          "NoSuchBucket");
    }
  }

  @Test
  void invalidBucketNamesAreRefused() {
    // The SDK refuses most bad names itself: these go over a raw socket, signed by its signer.
    RawS3 raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    for (String name : new String[] {"ab", "Upper-Case", "under_score", "192.168.1.1",
        "two..dots", "-leading", "xn--punycode", "a".repeat(64)}) {
      RawS3.Response response = raw.send("PUT", "/" + name, raw.sign("PUT", "/" + name,
          java.util.Map.of(), new byte[0], RawS3.Mode.SIGNED, null,
          java.time.Clock.systemUTC()));
      assertThat(response.status()).as(name).isEqualTo(400);
      assertThat(response.element("Code")).isEqualTo("InvalidBucketName");
      assertThat(response.element("BucketName")).isEqualTo(name);
      assertThat(fixture.store.bucket(GatewayFixture.PRINCIPAL, name)).isEmpty();
    }
  }

  @Test
  void missingBucketIsNoSuchBucket() {
    SdkErrors.expect(() -> path.deleteBucket(b -> b.bucket("never-made")), 404,
        "NoSuchBucket");
    SdkErrors.expect(() -> path.getBucketLocation(b -> b.bucket("never-made")), 404,
        "NoSuchBucket");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> path.headBucket(b -> b.bucket("never-made")))
        .isInstanceOf(NoSuchBucketException.class);
  }

  @Test
  void bucketWithAnObjectIsNotEmpty() {
    path.createBucket(b -> b.bucket("full"));
    path.putObject(b -> b.bucket("full").key("k"), RequestBody.fromString("x"));
    SdkErrors.expect(() -> path.deleteBucket(b -> b.bucket("full")), 409, "BucketNotEmpty");
    path.deleteObject(b -> b.bucket("full").key("k"));
    path.deleteBucket(b -> b.bucket("full"));
  }

  @Test
  void bucketWithAnUploadInProgressIsNotEmpty() {
    path.createBucket(b -> b.bucket("uploading"));
    String id = path.createMultipartUpload(b -> b.bucket("uploading").key("big")).uploadId();
    SdkErrors.expect(() -> path.deleteBucket(b -> b.bucket("uploading")), 409,
        "BucketNotEmpty");
    path.abortMultipartUpload(b -> b.bucket("uploading").key("big").uploadId(id));
    path.deleteBucket(b -> b.bucket("uploading"));
  }

  @Test
  void unsupportedBucketSubresourcesAreNotImplemented() {
    path.createBucket(b -> b.bucket("plain"));
    SdkErrors.expect(() -> path.getBucketAcl(b -> b.bucket("plain")), 501, "NotImplemented");
    SdkErrors.expect(() -> path.getBucketPolicy(b -> b.bucket("plain")), 501,
        "NotImplemented");
    SdkErrors.expect(() -> path.getBucketTagging(b -> b.bucket("plain")), 501,
        "NotImplemented");
    assertThat(path.getBucketVersioning(b -> b.bucket("plain")).statusAsString()).isNull();
  }
}
