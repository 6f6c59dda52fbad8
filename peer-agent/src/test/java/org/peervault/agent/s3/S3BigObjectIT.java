package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.ObjectContent;
import org.peervault.agent.objects.ObjectStore.ObjectHeaders;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object of GiBs (2 GiB + 1 MiB by default; {@code -Dpeervault.test.s3.bigObjectBytes=N})
 * through the AWS SDK: the body streams both ways, so the store sees the first bytes of a PUT
 * while the client is still producing it, and the client the first bytes of a GET while the
 * store is still producing it. The store here keeps no bytes: it checks what it reads and
 * regenerates the same pattern on reads.
 */
class S3BigObjectIT {
  private static final String BUCKET = "big";
  // Past 2 GiB by default (lengths beyond an int); larger with the property.
  private static final long SIZE = Long.getLong("peervault.test.s3.bigObjectBytes",
      (2L << 30) + (1 << 20));
  private static GatewayFixture fixture;
  private static S3Gateway gateway;
  private static S3Client s3;
  private static final AtomicLong clientProduced = new AtomicLong();
  private static final AtomicLong clientProducedAtFirstStoredByte = new AtomicLong(-1);
  private static final AtomicLong storeProduced = new AtomicLong();
  private static final Map<String, ObjectInfo> patterned = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    gateway = new S3Gateway(patternStore(fixture.store), fixture.keys, fixture.clock,
        S3GatewayConfig.of("127.0.0.1", 0));
    gateway.start();
    s3 = S3Client.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + gateway.port()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
            .create(GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET))
        .build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    s3.close();
    gateway.stop();
    fixture.close();
  }

  @Test
  void severalGibStreamInAndOut() throws IOException {
    s3.putObject(b -> b.bucket(BUCKET).key("huge.bin"), RequestBody.fromContentProvider(
        () -> new Pattern(0, SIZE, clientProduced), SIZE, "application/octet-stream"));
    ObjectInfo stored = patterned.get("huge.bin");
    assertThat(stored.sizeBytes()).isEqualTo(SIZE);
    // The store started reading long before the client had produced the body.
    assertThat(clientProducedAtFirstStoredByte.get()).isBetween(0L, SIZE / 4);

    long receivedAtStoreProduced = -1;
    long position = 0;
    byte[] buffer = new byte[1 << 16];
    byte[] expected = new byte[1 << 16];
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(BUCKET)
        .key("huge.bin"))) {
      assertThat(in.response().contentLength()).isEqualTo(SIZE);
      assertThat(in.response().eTag()).isEqualTo("\"" + stored.etag() + "\"");
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (receivedAtStoreProduced < 0) {
          receivedAtStoreProduced = storeProduced.get();
        }
        Pattern.fill(expected, position, n);
        assertThat(Arrays.equals(buffer, 0, n, expected, 0, n)).as("bytes at " + position)
            .isTrue();
        position += n;
      }
    }
    assertThat(position).isEqualTo(SIZE);
    assertThat(receivedAtStoreProduced).isBetween(0L, SIZE / 4);

    long offset = SIZE - (SIZE / 3);
    byte[] range = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("huge.bin")
        .range("bytes=" + offset + "-" + (offset + 999))).asByteArray();
    byte[] want = new byte[1000];
    Pattern.fill(want, offset, 1000);
    assertThat(range).isEqualTo(want);
  }

  /** A store that checks and forgets the bytes of a put, and regenerates them on reads. */
  private static ObjectStore patternStore(ObjectStore buckets) {
    return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
        new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "put":
              return put((String) args[2], (InputStream) args[3], (long) args[4],
                  (ObjectHeaders) args[5]);
            case "head":
              return patterned.get((String) args[2]);
            case "get":
              return content(patterned.get((String) args[2]), (long) args[3], (long) args[4]);
            default:
              try {
                return method.invoke(buckets, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }

  private static ObjectInfo put(String key, InputStream body, long length,
      ObjectHeaders headers) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] buffer = new byte[1 << 16];
    byte[] expected = new byte[1 << 16];
    long position = 0;
    for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
      if (position == 0) {
        clientProducedAtFirstStoredByte.set(clientProduced.get());
      }
      Pattern.fill(expected, position, n);
      if (!Arrays.equals(buffer, 0, n, expected, 0, n)) {
        throw new IllegalStateException("the body differs from the pattern at " + position);
      }
      md5.update(buffer, 0, n);
      position += n;
    }
    if (position != length) {
      throw new IllegalStateException("read " + position + " of " + length + " bytes");
    }
    ObjectInfo info = new ObjectInfo(key, position, HexFormat.of().formatHex(md5.digest()),
        Instant.now(), headers);
    patterned.put(key, info);
    return info;
  }

  private static ObjectContent content(ObjectInfo info, long offset, long length) {
    InputStream stream = new Pattern(offset, length, storeProduced);
    return new ObjectContent() {
      @Override
      public ObjectInfo info() {
        return info;
      }

      @Override
      public InputStream stream() {
        return stream;
      }

      @Override
      public void close() {
        // nothing held
      }
    };
  }

  /** A reproducible byte pattern of any length; counts what it produced. */
  private static final class Pattern extends InputStream {
    private long position;
    private final long end;
    private final AtomicLong produced;

    Pattern(long offset, long length, AtomicLong produced) {
      this.position = offset;
      this.end = offset + length;
      this.produced = produced;
    }

    static void fill(byte[] buffer, long from, int length) {
      for (int i = 0; i < length; i++) {
        long p = from + i;
        buffer[i] = (byte) ((p * 0x9E3779B1L) >>> 23 ^ p >>> 11);
      }
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= end) {
        return -1;
      }
      int n = (int) Math.min(length, end - position);
      byte[] chunk = new byte[n];
      fill(chunk, position, n);
      System.arraycopy(chunk, 0, buffer, offset, n);
      position += n;
      produced.addAndGet(n);
      return n;
    }
  }
}
