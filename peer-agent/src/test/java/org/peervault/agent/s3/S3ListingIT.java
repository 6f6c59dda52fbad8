package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listings through the AWS SDK: ListObjectsV2, ListObjects and ListObjectVersions with prefix,
 * delimiter, pagination by continuation token, start-after and marker, max-keys and
 * encoding-type=url.
 */
class S3ListingIT {
  private static final String BUCKET = "listing";
  private static final List<String> KEYS = List.of("a.txt", "b/1", "b/2", "b/sub/3", "c d/+x",
      "c d/y", "e", "photos/2024/jan.jpg", "photos/2024/feb.jpg", "photos/2025/mar.jpg",
      "zz");
  private static GatewayFixture fixture;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    s3 = fixture.virtualHostClient();
    s3.createBucket(b -> b.bucket(BUCKET));
    for (String key : KEYS) {
      s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(key));
    }
  }

  @AfterAll
  static void stop() {
    s3.close();
    fixture.close();
  }

  private static List<String> keys(List<S3Object> objects) {
    return objects.stream().map(S3Object::key).toList();
  }

  private static List<String> prefixes(List<CommonPrefix> prefixes) {
    return prefixes.stream().map(CommonPrefix::prefix).toList();
  }

  @Test
  void v2ListsEverythingInKeyOrder() {
    ListObjectsV2Response all = s3.listObjectsV2(b -> b.bucket(BUCKET));
    assertThat(keys(all.contents())).containsExactlyElementsOf(KEYS.stream().sorted().toList());
    assertThat(all.keyCount()).isEqualTo(KEYS.size());
    assertThat(all.isTruncated()).isFalse();
    assertThat(all.contents().get(0).size()).isEqualTo(5);
    assertThat(all.contents().get(0).eTag()).startsWith("\"");
  }

  @Test
  void v2DelimiterRollsUpCommonPrefixes() {
    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/"));
    assertThat(keys(top.contents())).containsExactly("a.txt", "e", "zz");
    assertThat(prefixes(top.commonPrefixes())).containsExactly("b/", "c d/", "photos/");
    assertThat(top.keyCount()).isEqualTo(6);

    ListObjectsV2Response photos = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("photos/")
        .delimiter("/"));
    assertThat(photos.contents()).isEmpty();
    assertThat(prefixes(photos.commonPrefixes())).containsExactly("photos/2024/",
        "photos/2025/");

    ListObjectsV2Response inB = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("b/")
        .delimiter("/"));
    assertThat(keys(inB.contents())).containsExactly("b/1", "b/2");
    assertThat(prefixes(inB.commonPrefixes())).containsExactly("b/sub/");
  }

  @Test
  void v2PagesWithContinuationTokensCountingPrefixesOnce() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String current = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/")
          .maxKeys(2).continuationToken(current));
      assertThat(page.keyCount()).isLessThanOrEqualTo(2);
      assertThat(page.maxKeys()).isEqualTo(2);
      seen.addAll(keys(page.contents()));
      seen.addAll(prefixes(page.commonPrefixes()));
      token = page.isTruncated() ? page.nextContinuationToken() : null;
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyInAnyOrder("a.txt", "e", "zz", "b/", "c d/", "photos/");
    assertThat(pages).isEqualTo(3);

    // The SDK's paginator walks the same pages.
    assertThat(s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).maxKeys(3)).contents().stream()
        .map(S3Object::key).toList()).containsExactlyElementsOf(KEYS.stream().sorted().toList());
  }

  @Test
  void v2StartAfterAndMaxKeys() {
    ListObjectsV2Response after = s3.listObjectsV2(b -> b.bucket(BUCKET).startAfter("e")
        .maxKeys(2));
    assertThat(keys(after.contents())).containsExactly("photos/2024/feb.jpg",
        "photos/2024/jan.jpg");
    assertThat(after.isTruncated()).isTrue();
    assertThat(after.startAfter()).isEqualTo("e");

    ListObjectsV2Response none = s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(0));
    assertThat(none.contents()).isEmpty();
  }

  @Test
  void v2UrlEncodingEncodesKeysAndPrefixes() {
    ListObjectsV2Response encoded = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("c d/")
        .encodingType(EncodingType.URL));
    // The SDK decodes url-encoded answers itself.
    assertThat(keys(encoded.contents())).containsExactly("c d/+x", "c d/y");
    assertThat(encoded.prefix()).isEqualTo("c d/");

    RawS3 raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    String path = "/" + BUCKET + "?list-type=2&prefix=c%20d%2F&encoding-type=url";
    RawS3.Response response = raw.send("GET", path, raw.sign("GET", path, java.util.Map.of(),
        new byte[0], RawS3.Mode.SIGNED, null, java.time.Clock.systemUTC()));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.element("Key")).isEqualTo("c+d%2F%2Bx");
    assertThat(URLDecoder.decode(response.element("Key"), StandardCharsets.UTF_8))
        .isEqualTo("c d/+x");
    assertThat(response.element("EncodingType")).isEqualTo("url");
  }

  @Test
  void v1PagesWithMarkersAndNextMarker() {
    ListObjectsResponse first = s3.listObjects(b -> b.bucket(BUCKET).delimiter("/")
        .maxKeys(4));
    assertThat(keys(first.contents())).containsExactly("a.txt", "e");
    assertThat(prefixes(first.commonPrefixes())).containsExactly("b/", "c d/");
    assertThat(first.isTruncated()).isTrue();
    assertThat(first.nextMarker()).isEqualTo("e");

    ListObjectsResponse second = s3.listObjects(b -> b.bucket(BUCKET).delimiter("/")
        .marker(first.nextMarker()));
    assertThat(keys(second.contents())).containsExactly("zz");
    assertThat(prefixes(second.commonPrefixes())).containsExactly("photos/");
    assertThat(second.isTruncated()).isFalse();
    assertThat(second.marker()).isEqualTo("e");

    ListObjectsResponse afterPrefix = s3.listObjects(b -> b.bucket(BUCKET).delimiter("/")
        .marker("b/"));
    assertThat(prefixes(afterPrefix.commonPrefixes())).doesNotContain("b/");

    ListObjectsResponse plain = s3.listObjects(b -> b.bucket(BUCKET).prefix("photos/2024/"));
    assertThat(keys(plain.contents())).containsExactly("photos/2024/feb.jpg",
        "photos/2024/jan.jpg");
    assertThat(plain.contents().get(0).owner().id()).isEqualTo("11");
  }

  @Test
  void versionsOfAnUnversionedBucketAreNull() {
    ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket(BUCKET)
        .prefix("b/").delimiter("/"));
    assertThat(versions.versions()).extracting(ObjectVersion::key)
        .containsExactly("b/1", "b/2");
    assertThat(versions.versions()).allSatisfy(v -> {
      assertThat(v.versionId()).isEqualTo("null");
      assertThat(v.isLatest()).isTrue();
    });
    assertThat(prefixes(versions.commonPrefixes())).containsExactly("b/sub/");

    ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(BUCKET).maxKeys(2));
    assertThat(page.isTruncated()).isTrue();
    assertThat(page.nextKeyMarker()).isEqualTo("b/1");
    ListObjectVersionsResponse next = s3.listObjectVersions(b -> b.bucket(BUCKET).maxKeys(2)
        .keyMarker(page.nextKeyMarker()));
    assertThat(next.versions()).extracting(ObjectVersion::key).containsExactly("b/2",
        "b/sub/3");
  }

  @Test
  void listingErrors() {
    SdkErrors.expect(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket")), 404,
        "NoSuchBucket");
    SdkErrors.expect(() -> s3.listObjectsV2(b -> b.bucket(BUCKET)
        .continuationToken("!!not-a-token!!")), 400, "InvalidArgument");
    SdkErrors.expect(() -> s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(-1)), 400,
        "InvalidArgument");
  }
}
