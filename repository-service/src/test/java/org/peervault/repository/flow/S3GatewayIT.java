package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.repository.access.AccessKeys;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.identity.Users;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 gateway end to end: the AWS SDK for Java v2 talks to a gateway running in a JVM of its
 * own with a 192 MiB heap, backed by the peer object store, the real repository and three peers on
 * real sockets. Put, get, ranges, copy, multipart, delete; a 1 GiB object streamed in and out;
 * reads while a peer holding the object is dead.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3GatewayIT {
  private static final String HEAP = "192m";
  private static final int MIB = 1 << 20;

  @Inject
  Enrollment enrollment;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Users users;

  @Inject
  AccessKeys accessKeys;

  @Inject
  Devices devices;

  private TestFleet fleet;
  private Process gateway;
  private Path gatewayDir;
  private S3Client s3;

  @BeforeAll
  void start() throws Exception {
    fleet = TestFleet.start(enrollment, grpcServer, "s3", 8L << 30, false, 3);
    TestPeer.Enrolled device = TestPeer.enroll(fleet.repository, fleet.token, "s3-gateway", 0);
    DeviceIdentity identity = device.identity();
    devices.markS3Gateway(fleet.organization, identity.deviceId(), true);
    gatewayDir = Files.createDirectories(fleet.work.resolve("gateway"));
    Path identityDir = gatewayDir.resolve("identity");
    IdentityFiles.save(identityDir, new IdentityFiles.Stored(identity.credential().key(),
        identity.certificate(), identity.caCertificate(), device.grantKey()));
    gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx" + HEAP, "-cp", System.getProperty("java.class.path"),
        GatewayMain.class.getName(), fleet.repository, identityDir.toString(),
        Long.toString(identity.deviceId()), Long.toString(identity.organizationId()),
        gatewayDir.toString()).redirectErrorStream(true)
        .redirectOutput(gatewayDir.resolve("gateway.log").toFile()).start();
    Path portFile = gatewayDir.resolve("port");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile) && gateway.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(Files.exists(portFile)).as("the gateway did not start; its log:%n%s",
        Files.readString(gatewayDir.resolve("gateway.log"))).isTrue();
    long user = users.actorOf("s3-it-" + UUID.randomUUID(), "s3-it", null,
        fleet.organizationName, Set.of("user")).userId();
    AccessKeys.Issued key = accessKeys.issue(fleet.organization, user, "s3 gateway IT");
    s3 = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + Files.readString(portFile)))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            key.key().accessKeyId, key.secret())))
        .httpClient(Apache5HttpClient.builder().build())
        .build();
  }

  @AfterAll
  void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (gateway != null) {
      gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    fleet.close();
  }

  @Test
  void theSdkPutsGetsRangesCopiesListsAndDeletes() throws IOException {
    s3.createBucket(b -> b.bucket("docs"));
    byte[] data = random(3 * MIB + 5, 1);
    String etag = s3.putObject(p -> p.bucket("docs").key("reports/q1.bin")
        .contentType("application/x-report").metadata(Map.of("author", "ops")),
        RequestBody.fromBytes(data)).eTag();

    assertThat(etag).isEqualTo("\"" + md5Hex(data) + "\"");
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket("docs")
        .key("reports/q1.bin"))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.response().metadata()).containsEntry("author", "ops");
      assertThat(in.response().contentType()).isEqualTo("application/x-report");
    }
    assertThat(s3.getObjectAsBytes(g -> g.bucket("docs").key("reports/q1.bin")
        .range("bytes=1048570-1048589")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(data, 1048570, 1048590));
    assertThat(s3.getObjectAsBytes(g -> g.bucket("docs").key("reports/q1.bin")
        .range("bytes=-7")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 7, data.length));

    s3.copyObject(c -> c.sourceBucket("docs").sourceKey("reports/q1.bin")
        .destinationBucket("docs").destinationKey("archive/q1.bin"));
    assertThat(s3.getObjectAsBytes(g -> g.bucket("docs").key("archive/q1.bin")).asByteArray())
        .isEqualTo(data);
    assertThat(s3.listObjectsV2(l -> l.bucket("docs").prefix("reports/")).contents())
        .extracting(S3Object::key).containsExactly("reports/q1.bin");

    s3.deleteObject(d -> d.bucket("docs").key("reports/q1.bin"));
    assertThat(catchThrowableOfType(NoSuchKeyException.class, () -> s3.headObject(h -> h
        .bucket("docs").key("reports/q1.bin")))).isNotNull();
    assertThat(s3.listObjectsV2(l -> l.bucket("docs")).contents()).extracting(S3Object::key)
        .containsExactly("archive/q1.bin");
  }

  @Test
  void aMultipartUploadCompletesAndATooSmallPartIsRefused() {
    s3.createBucket(b -> b.bucket("parts"));
    String id = s3.createMultipartUpload(c -> c.bucket("parts").key("video")).uploadId();
    byte[] p1 = random(5 * MIB, 2);
    byte[] p2 = random(123_456, 3);
    String e2 = s3.uploadPart(u -> u.bucket("parts").key("video").uploadId(id).partNumber(2),
        RequestBody.fromBytes(p2)).eTag();
    String e1 = s3.uploadPart(u -> u.bucket("parts").key("video").uploadId(id).partNumber(1),
        RequestBody.fromBytes(p1)).eTag();
    s3.completeMultipartUpload(c -> c.bucket("parts").key("video").uploadId(id)
        .multipartUpload(CompletedMultipartUpload.builder().parts(
            CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()).build()));

    byte[] whole = s3.getObjectAsBytes(g -> g.bucket("parts").key("video")).asByteArray();
    assertThat(whole.length).isEqualTo(p1.length + p2.length);
    assertThat(java.util.Arrays.copyOfRange(whole, p1.length, whole.length)).isEqualTo(p2);
    assertThat(s3.headObject(h -> h.bucket("parts").key("video")).eTag()).endsWith("-2\"");

    String small = s3.createMultipartUpload(c -> c.bucket("parts").key("small")).uploadId();
    String s1 = s3.uploadPart(u -> u.bucket("parts").key("small").uploadId(small).partNumber(1),
        RequestBody.fromBytes(new byte[10])).eTag();
    String s2 = s3.uploadPart(u -> u.bucket("parts").key("small").uploadId(small).partNumber(2),
        RequestBody.fromBytes(new byte[10])).eTag();
    S3Exception refused = catchThrowableOfType(S3Exception.class, () ->
        s3.completeMultipartUpload(c -> c.bucket("parts").key("small").uploadId(small)
            .multipartUpload(CompletedMultipartUpload.builder().parts(
                CompletedPart.builder().partNumber(1).eTag(s1).build(),
                CompletedPart.builder().partNumber(2).eTag(s2).build()).build())));
    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall");
    s3.abortMultipartUpload(a -> a.bucket("parts").key("small").uploadId(small));
    assertThat(s3.listMultipartUploads(l -> l.bucket("parts")).uploads()).isEmpty();
  }

  @Test
  void aOneGibObjectStreamsThroughASmallHeapAndReadsGoOnWithAPeerDead() throws Exception {
    long size = 1L << 30;
    s3.createBucket(b -> b.bucket("huge"));
    byte[] expected = sha256Of(new RandomStream(size, 7));
    s3.putObject(p -> p.bucket("huge").key("disk.img").contentLength(size),
        RequestBody.fromContentProvider(() -> new RandomStream(size, 7), size,
            "application/octet-stream"));
    assertThat(s3.headObject(h -> h.bucket("huge").key("disk.img")).contentLength())
        .isEqualTo(size);

    TestPeer victim = fleet.peers.get(0);
    victim.stop();
    try (InputStream in = s3.getObject(g -> g.bucket("huge").key("disk.img"))) {
      assertThat(sha256Of(in)).isEqualTo(expected);
    } finally {
      victim.resume();
    }
    assertThat(gateway.isAlive()).as("the gateway survived with -Xmx%s", HEAP).isTrue();
    long peakHeap = Long.parseLong(Files.readString(gatewayDir.resolve("peak-heap")));
    assertThat(peakHeap).as("peak heap of the gateway").isLessThan(192 * MIB)
        .isLessThan(size / 5);
    System.out.printf("s3 gateway: 1 GiB in and out, peak heap %d MiB (-Xmx%s)%n",
        peakHeap / MIB, HEAP);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new java.util.Random(seed).nextBytes(data);
    return data;
  }

  private static String md5Hex(byte[] data) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256Of(InputStream in) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      sha.update(buf, 0, n);
    }
    return sha.digest();
  }

  /**
   * {@code size} pseudo-random bytes from a seed, generated as they are read: byte {@code p} is a
   * function of the seed and {@code p} alone, so any way of reading gives the same bytes.
   */
  private static final class RandomStream extends InputStream {
    private final long seed;
    private final long size;
    private long position;
    private long block;

    RandomStream(long size, long seed) {
      this.size = size;
      this.seed = seed;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position == size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++, position++) {
        if (i == 0 || (position & 7) == 0) {
          block = mix(seed * 0x9e3779b97f4a7c15L + (position >>> 3));
        }
        b[off + i] = (byte) (block >>> ((position & 7) << 3));
      }
      return n;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }
}
