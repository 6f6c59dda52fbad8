package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peervault.agent.objects.ObjectStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * DeleteObjects and the errors no other operation shows: InternalError (logged, never
 * returned), MethodNotAllowed, NotImplemented operations, bad arguments and XML.
 */
class S3ErrorsIT {
  private static final String BUCKET = "errors";
  private static GatewayFixture fixture;
  private static S3Client s3;
  private static RawS3 raw;

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    s3 = fixture.pathClient();
    raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    s3.close();
    fixture.close();
  }

  private static RawS3.Response signedSend(String method, String path, Map<String, String> h,
      byte[] body) {
    return raw.send(method, path, raw.sign(method, path, h, body, RawS3.Mode.SIGNED, null,
        Clock.systemUTC()));
  }

  @Test
  void deleteObjectsVerboseAndQuiet() {
    for (String key : List.of("d/1", "d/2", "d/3")) {
      s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(key));
    }
    DeleteObjectsResponse verbose = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d
        .objects(ObjectIdentifier.builder().key("d/1").build(),
            ObjectIdentifier.builder().key("d/never").build(),
            ObjectIdentifier.builder().key("d/2").versionId("v123").build())));
    assertThat(verbose.deleted()).extracting(DeletedObject::key)
        .containsExactly("d/1", "d/never");
    assertThat(verbose.errors()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo("d/2");
      assertThat(e.code()).isEqualTo("NoSuchVersion");
    });

    DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d
        .quiet(true).objects(ObjectIdentifier.builder().key("d/2").build(),
            ObjectIdentifier.builder().key("d/3").build())));
    assertThat(quiet.deleted()).isEmpty();
    assertThat(quiet.errors()).isEmpty();
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, "d/", "", 10)).isEmpty();
  }

  @Test
  void deleteObjectsNeedsAVerifiedDigest() {
    s3.putObject(b -> b.bucket(BUCKET).key("keep"), RequestBody.fromString("kept"));
    byte[] xml = "<Delete><Object><Key>keep</Key></Object></Delete>"
        .getBytes(StandardCharsets.UTF_8);
    RawS3.Response missing = signedSend("POST", "/" + BUCKET + "?delete", Map.of(), xml);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.element("Code")).isEqualTo("InvalidRequest");

    String wrongMd5 = Base64.getEncoder().encodeToString(S3PayloadIT.md5(new byte[3]));
    RawS3.Response bad = signedSend("POST", "/" + BUCKET + "?delete",
        Map.of("Content-MD5", wrongMd5), xml);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.element("Code")).isEqualTo("BadDigest");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("keep")).asUtf8String())
        .isEqualTo("kept");

    StringBuilder many = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      many.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    byte[] tooMany = many.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
    RawS3.Response refused = signedSend("POST", "/" + BUCKET + "?delete", Map.of(
        "Content-MD5", Base64.getEncoder().encodeToString(S3PayloadIT.md5(tooMany))), tooMany);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.element("Code")).isEqualTo("MalformedXML");
  }

  @Test
  void storeFailureIsInternalErrorLoggedWithoutTheTrace() {
    ObjectStore failing = (ObjectStore) Proxy.newProxyInstance(
        ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("head")) {
            throw new IllegalStateException("disk on fire at /secret/path");
          }
          try {
            return method.invoke(fixture.store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(S3Handler.class.getName());
    logger.addHandler(capture);
    S3Gateway gateway = new S3Gateway(failing, fixture.keys, fixture.clock,
        S3GatewayConfig.of("127.0.0.1", 0));
    gateway.start();
    try {
      RawS3 direct = new RawS3(gateway.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
      String path = "/" + BUCKET + "/k";
      RawS3.Response response = direct.send("GET", path, direct.sign("GET", path, Map.of(),
          new byte[0], RawS3.Mode.SIGNED, null, Clock.systemUTC()));
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.element("Code")).isEqualTo("InternalError");
      assertThat(response.text()).doesNotContain("fire").doesNotContain("IllegalState")
          .doesNotContain("at org.");
      assertThat(logged).anySatisfy(r -> {
        assertThat(r.getThrown()).hasMessageContaining("disk on fire");
        assertThat(r.getMessage()).contains(response.header("x-amz-request-id"));
      });
    } finally {
      gateway.stop();
      logger.removeHandler(capture);
    }
  }

  @Test
  void methodsAndOperationsOutsideS3() {
    RawS3.Response patch = signedSend("PATCH", "/" + BUCKET + "/k", Map.of(), new byte[0]);
    assertThat(patch.status()).isEqualTo(405);
    assertThat(patch.element("Code")).isEqualTo("MethodNotAllowed");
    RawS3.Response deleteService = signedSend("DELETE", "/", Map.of(), new byte[0]);
    assertThat(deleteService.status()).isEqualTo(405);

    RawS3.Response post = signedSend("POST", "/" + BUCKET + "/k", Map.of(), new byte[0]);
    assertThat(post.status()).isEqualTo(501);
    assertThat(post.element("Code")).isEqualTo("NotImplemented");
    RawS3.Response form = signedSend("POST", "/" + BUCKET, Map.of(), new byte[0]);
    assertThat(form.status()).isEqualTo(501);
    SdkErrors.expect(() -> s3.putObjectTagging(b -> b.bucket(BUCKET).key("k")
        .tagging(t -> t.tagSet(List.of()))), 501, "NotImplemented");
  }

  @Test
  void badArguments() {
    s3.putObject(b -> b.bucket(BUCKET).key("v"), RequestBody.fromString("v"));
    SdkErrors.expect(() -> s3.getObject(b -> b.bucket(BUCKET).key("v").versionId("v9")),
        400, "InvalidArgument");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("v").versionId("null"))
        .asUtf8String()).isEqualTo("v");
    String longKey = "k".repeat(1025);
    RawS3.Response tooLong = signedSend("GET", "/" + BUCKET + "/" + longKey, Map.of(),
        new byte[0]);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.element("Code")).isEqualTo("KeyTooLongError");
  }
}
