package org.peervault.agent.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.peervault.agent.objects.ObjectStore.CompletedPart;
import org.peervault.agent.objects.ObjectStore.ObjectContent;
import org.peervault.agent.objects.ObjectStore.ObjectHeaders;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import org.peervault.agent.objects.ObjectStore.Part;
import org.peervault.agent.objects.ObjectStore.Principal;

/**
 * What every {@link ObjectStore} must do (see its Javadoc), checked through its interface only.
 * Each test works in buckets of its own name, so one store may serve all tests of a class.
 */
public abstract class ObjectStoreContract {
  protected static final int MIB = 1 << 20;
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  /** The store under test. */
  protected abstract ObjectStore store();

  /** A principal of the store's organization. */
  protected abstract Principal principal();

  /** A fresh bucket name. */
  protected String newBucket(String hint) {
    String name = hint + "-" + Long.toHexString(System.nanoTime()) + "-"
        + BUCKETS.incrementAndGet();
    store().createBucket(principal(), name);
    return name;
  }

  protected static byte[] random(int bytes, long seed) {
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    return data;
  }

  protected static String md5(byte[]... parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      Arrays.stream(parts).forEach(md5::update);
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static ObjectHeaders headers(String type) {
    return new ObjectHeaders(type, Map.of("Cache-Control", "max-age=60"), Map.of("owner", "qa"));
  }

  protected ObjectInfo put(String bucket, String key, byte[] data) {
    return store().put(principal(), bucket, key, new ByteArrayInputStream(data), data.length,
        headers("application/octet-stream"));
  }

  protected byte[] get(String bucket, String key, long offset, long length) {
    try (ObjectContent content = store().get(principal(), bucket, key, offset, length);
        InputStream in = content.stream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static String code(Executable call) {
    ObjectStoreException e = catchThrowableOfType(ObjectStoreException.class, call::execute);
    assertThat(e).as("expected an ObjectStoreException").isNotNull();
    return e.code();
  }

  @Test
  void bucketsAreCreatedListedAndDeletedOnlyWhenEmpty() {
    String b = newBucket("buckets");
    assertThat(store().listBuckets(principal())).extracting(ObjectStore.Bucket::name).contains(b);
    assertThat(store().bucket(principal(), b)).isPresent();
    assertThat(code(() -> store().createBucket(principal(), b)))
        .isEqualTo("BucketAlreadyOwnedByYou");
    assertThat(code(() -> store().createBucket(principal(), "Not_Valid")))
        .isEqualTo("InvalidBucketName");
    put(b, "k", new byte[] {1});
    assertThat(code(() -> store().deleteBucket(principal(), b))).isEqualTo("BucketNotEmpty");
    store().delete(principal(), b, "k");
    store().deleteBucket(principal(), b);
    assertThat(store().bucket(principal(), b)).isEmpty();
    assertThat(code(() -> store().deleteBucket(principal(), b))).isEqualTo("NoSuchBucket");
  }

  @Test
  void aPutObjectReadsBackWholeAndInRangesWithItsHeaders() {
    String b = newBucket("put");
    byte[] data = random(3 * MIB + 12_345, 1);
    ObjectInfo put = put(b, "dir/data.bin", data);

    assertThat(put.etag()).isEqualTo(md5(data));
    assertThat(put.sizeBytes()).isEqualTo(data.length);
    ObjectInfo head = store().head(principal(), b, "dir/data.bin");
    assertThat(head.etag()).isEqualTo(md5(data));
    assertThat(head.headers().userMetadata()).isEqualTo(Map.of("owner", "qa"));
    assertThat(head.headers().contentHeaders()).containsEntry("Cache-Control", "max-age=60");
    assertThat(get(b, "dir/data.bin", 0, data.length)).isEqualTo(data);
    for (long[] range : new long[][] {{0, 1}, {1_000_000, 2 * MIB}, {data.length - 10, 10},
        {MIB - 3, 7}}) {
      assertThat(get(b, "dir/data.bin", range[0], range[1])).as("range %d+%d", range[0], range[1])
          .isEqualTo(Arrays.copyOfRange(data, (int) range[0], (int) (range[0] + range[1])));
    }
    assertThat(code(() -> store().head(principal(), b, "missing"))).isEqualTo("NoSuchKey");
    assertThat(code(() -> store().get(principal(), b, "missing", 0, 1))).isEqualTo("NoSuchKey");
    assertThat(code(() -> store().head(principal(), "no-such-bucket-x", "k")))
        .isEqualTo("NoSuchBucket");
  }

  @Test
  void anEmptyObjectAndAnUnknownLengthWork() {
    String b = newBucket("empty");
    assertThat(put(b, "empty", new byte[0]).etag()).isEqualTo(md5(new byte[0]));
    assertThat(get(b, "empty", 0, 0)).isEmpty();
    byte[] data = random(300_000, 2);
    store().put(principal(), b, "unknown", new ByteArrayInputStream(data), -1,
        headers("text/plain"));
    assertThat(get(b, "unknown", 0, data.length)).isEqualTo(data);
  }

  @Test
  void aPutReplacesTheKeyAndAFailedPutLeavesTheOldObject() {
    String b = newBucket("replace");
    byte[] first = random(100_000, 3);
    byte[] second = random(200_000, 4);
    put(b, "k", first);
    put(b, "k", second);
    assertThat(get(b, "k", 0, second.length)).isEqualTo(second);

    assertThat(code(() -> store().put(principal(), b, "k", new ByteArrayInputStream(first),
        first.length + 10, headers("x/y")))).isEqualTo("IncompleteBody");
    assertThat(code(() -> store().put(principal(), b, "k", new ByteArrayInputStream(first),
        first.length - 10, headers("x/y")))).isEqualTo("IncompleteBody");
    assertThat(code(() -> store().put(principal(), b, "k", refusingAtEnd(first), first.length,
        headers("x/y")))).isEqualTo("BadDigest");
    assertThat(code(() -> store().put(principal(), b, "new", refusingAtEnd(first), first.length,
        headers("x/y")))).isEqualTo("BadDigest");

    assertThat(store().head(principal(), b, "k").etag()).isEqualTo(md5(second));
    assertThat(get(b, "k", 0, second.length)).isEqualTo(second);
    assertThat(code(() -> store().head(principal(), b, "new"))).isEqualTo("NoSuchKey");
    assertThat(code(() -> put("no-such-bucket-y", "k", first))).isEqualTo("NoSuchBucket");
  }

  /** A body that delivers its bytes, then refuses them at end of stream (a checksum). */
  protected static InputStream refusingAtEnd(byte[] data) {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int n = in.read(b, off, len);
        if (n < 0) {
          throw new ObjectStoreException("BadDigest", "checksum does not match");
        }
        return n;
      }
    };
  }

  @Test
  void listingsAreInUtf8ByteOrderWithPrefixStartAfterAndLimit() {
    String b = newBucket("list");
    List<String> keys = List.of("b", "a/2", "é", "Z", "a/1", "a", "~");
    keys.forEach(k -> put(b, k, k.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(store().list(principal(), b, "", "", 100)).extracting(ObjectInfo::key)
        .containsExactly("Z", "a", "a/1", "a/2", "b", "~", "é");
    assertThat(store().list(principal(), b, "a/", "", 100)).extracting(ObjectInfo::key)
        .containsExactly("a/1", "a/2");
    assertThat(store().list(principal(), b, "", "a/1", 2)).extracting(ObjectInfo::key)
        .containsExactly("a/2", "b");
    assertThat(code(() -> store().list(principal(), "no-such-bucket-z", "", "", 10)))
        .isEqualTo("NoSuchBucket");
  }

  @Test
  void deleteRemovesTheKeyAndAMissingKeyIsNoError() {
    String b = newBucket("delete");
    put(b, "k", new byte[] {1, 2, 3});
    store().delete(principal(), b, "k");
    store().delete(principal(), b, "k");
    assertThat(code(() -> store().head(principal(), b, "k"))).isEqualTo("NoSuchKey");
    assertThat(store().list(principal(), b, "", "", 10)).isEmpty();
  }

  @Test
  void aCopyHasTheSameBytesAndCopiedOrReplacedHeaders() {
    String b = newBucket("copy");
    byte[] data = random(MIB + 17, 5);
    put(b, "src", data);
    ObjectInfo kept = store().copy(principal(), b, "src", b, "kept", Optional.empty());
    ObjectInfo replaced = store().copy(principal(), b, "src", b, "replaced",
        Optional.of(new ObjectHeaders("image/png", Map.of(), Map.of("v", "2"))));

    assertThat(kept.etag()).isEqualTo(md5(data));
    assertThat(get(b, "kept", 0, data.length)).isEqualTo(data);
    assertThat(store().head(principal(), b, "kept").headers().userMetadata())
        .isEqualTo(Map.of("owner", "qa"));
    assertThat(store().head(principal(), b, "replaced").headers())
        .isEqualTo(new ObjectHeaders("image/png", Map.of(), Map.of("v", "2")));
    assertThat(get(b, "replaced", MIB, 17)).isEqualTo(Arrays.copyOfRange(data, MIB, MIB + 17));
    assertThat(code(() -> store().copy(principal(), b, "missing", b, "x", Optional.empty())))
        .isEqualTo("NoSuchKey");
  }

  @Test
  void aMultipartUploadJoinsItsPartsInPartOrder() {
    String b = newBucket("multipart");
    String id = store().createUpload(principal(), b, "big", headers("video/mp4"));
    byte[] p1 = random(5 * MIB, 6);
    byte[] p2 = random(5 * MIB + 1, 7);
    byte[] p3 = random(1000, 8);
    Part third = putPart(b, "big", id, 3, p3);
    Part first = putPart(b, "big", id, 1, random(10, 9));
    first = putPart(b, "big", id, 1, p1);
    Part second = putPart(b, "big", id, 2, p2);

    assertThat(store().listParts(principal(), b, "big", id)).extracting(Part::partNumber,
        Part::sizeBytes).containsExactly(org.assertj.core.groups.Tuple.tuple(1, (long) p1.length),
            org.assertj.core.groups.Tuple.tuple(2, (long) p2.length),
            org.assertj.core.groups.Tuple.tuple(3, (long) p3.length));
    assertThat(store().listUploads(principal(), b, "")).extracting(ObjectStore.Upload::uploadId)
        .containsExactly(id);
    ObjectInfo done = store().completeUpload(principal(), b, "big", id, List.of(
        new CompletedPart(1, first.etag()), new CompletedPart(2, second.etag()),
        new CompletedPart(3, third.etag())));

    byte[] all = new byte[p1.length + p2.length + p3.length];
    System.arraycopy(p1, 0, all, 0, p1.length);
    System.arraycopy(p2, 0, all, p1.length, p2.length);
    System.arraycopy(p3, 0, all, p1.length + p2.length, p3.length);
    assertThat(done.etag()).isEqualTo(md5(HexFormat.of().parseHex(md5(p1)),
        HexFormat.of().parseHex(md5(p2)), HexFormat.of().parseHex(md5(p3))) + "-3");
    assertThat(done.sizeBytes()).isEqualTo(all.length);
    assertThat(get(b, "big", 0, all.length)).isEqualTo(all);
    assertThat(get(b, "big", p1.length - 5, 10))
        .isEqualTo(Arrays.copyOfRange(all, p1.length - 5, p1.length + 5));
    assertThat(store().head(principal(), b, "big").headers().contentType()).isEqualTo("video/mp4");
    assertThat(store().listUploads(principal(), b, "")).isEmpty();
  }

  @Test
  void aBadCompletionIsRefusedAndAbortForgetsTheUpload() {
    String b = newBucket("bad-complete");
    String id = store().createUpload(principal(), b, "k", headers("x/y"));
    Part small = putPart(b, "k", id, 1, random(1000, 10));
    Part big = putPart(b, "k", id, 2, random(5 * MIB, 11));

    assertThat(code(() -> store().completeUpload(principal(), b, "k", id, List.of(
        new CompletedPart(1, small.etag()), new CompletedPart(2, big.etag())))))
        .isEqualTo("EntityTooSmall");
    assertThat(code(() -> store().completeUpload(principal(), b, "k", id, List.of(
        new CompletedPart(2, big.etag()), new CompletedPart(1, small.etag())))))
        .isEqualTo("InvalidPartOrder");
    assertThat(code(() -> store().completeUpload(principal(), b, "k", id, List.of(
        new CompletedPart(1, md5(new byte[] {9})))))).isEqualTo("InvalidPart");
    assertThat(code(() -> store().completeUpload(principal(), b, "k", id, List.of(
        new CompletedPart(7, small.etag()))))).isEqualTo("InvalidPart");
    assertThat(code(() -> putPart(b, "k", "no-such-upload", 1, new byte[] {1})))
        .isEqualTo("NoSuchUpload");
    assertThat(code(() -> store().head(principal(), b, "k"))).isEqualTo("NoSuchKey");

    store().abortUpload(principal(), b, "k", id);
    assertThat(store().listUploads(principal(), b, "")).isEmpty();
    assertThat(code(() -> store().listParts(principal(), b, "k", id))).isEqualTo("NoSuchUpload");
    assertThat(code(() -> store().abortUpload(principal(), b, "k", id)))
        .isEqualTo("NoSuchUpload");
    store().deleteBucket(principal(), b);
  }

  protected Part putPart(String bucket, String key, String uploadId, int number, byte[] data) {
    return store().putPart(principal(), bucket, key, uploadId, number,
        new ByteArrayInputStream(data), data.length);
  }
}
