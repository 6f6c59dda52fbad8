package org.peervault.agent.bench;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * S3 PUT and GET with the AWS SDK for Java v2 against one endpoint: {@code count} objects of each
 * size, each of random bytes of its own, one after another, every GET checked byte for byte against
 * what was PUT. The PUT time counts the requests only, not making the bytes. Prints one {@code s3}
 * result line per operation and size.
 *
 * <pre>java ... S3Load TARGET ENDPOINT ACCESS_KEY SECRET_KEY BUCKET SIZE_MIB:COUNT...</pre>
 * (the keys may also come from the environment: S3_ACCESS_KEY, S3_SECRET_KEY when given as "-")
 */
public final class S3Load {

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println("usage: S3Load TARGET ENDPOINT ACCESS_KEY SECRET_KEY BUCKET SIZE_MIB:COUNT...");
      System.exit(2);
    }
    String target = args[0];
    String access = "-".equals(args[2]) ? System.getenv("S3_ACCESS_KEY") : args[2];
    String secret = "-".equals(args[3]) ? System.getenv("S3_SECRET_KEY") : args[3];
    String bucket = args[4];
    try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(args[1])).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
      s3.createBucket(b -> b.bucket(bucket));
      for (int i = 5; i < args.length; i++) {
        String[] spec = args[i].split(":");
        run(s3, target, bucket, Integer.parseInt(spec[0]), Integer.parseInt(spec[1]));
      }
    }
  }

  private static void run(S3Client s3, String target, String bucket, int mebibytes, int count) throws Exception {
    byte[] body = new byte[mebibytes << 20];
    // one untimed round trip of this size warms up both ends
    fill(body, mebibytes, -1);
    s3.putObject(b -> b.bucket(bucket).key("warm-" + mebibytes), RequestBody.fromBytes(body));
    byte[][] expected = new byte[count][];
    long nanos = 0;
    for (int i = 0; i < count; i++) {
      fill(body, mebibytes, i);
      expected[i] = MessageDigest.getInstance("SHA-256").digest(body);
      String key = key(mebibytes, i);
      long start = System.nanoTime();
      s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) body.length),
          RequestBody.fromBytes(body));
      nanos += System.nanoTime() - start;
    }
    print(target, "put", mebibytes, count, nanos);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String key = key(mebibytes, i);
      try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key),
          ResponseTransformer.toInputStream())) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      if (!Arrays.equals(sha.digest(), expected[i])) {
        throw new IllegalStateException("s3: " + target + " returned other bytes for a " + mebibytes + " MiB object");
      }
    }
    print(target, "get", mebibytes, count, System.nanoTime() - start);
  }

  /**
   * Random bytes of object {@code i} of this size, its own: a store that keeps identical content
   * once (PeerVault does) must store every object.
   */
  private static void fill(byte[] body, int mebibytes, int i) {
    new SplittableRandom(((long) mebibytes << 32) + i).nextBytes(body);
  }

  private static String key(int mebibytes, int i) {
    return "bench/object-" + mebibytes + "MiB-" + i;
  }

  private static void print(String target, String op, int mebibytes, int count, long nanos) {
    double seconds = nanos / 1e9;
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("target", target);
    values.put("op", op);
    values.put("size_mib", mebibytes);
    values.put("count", count);
    values.put("wall_s", String.format("%.3f", seconds));
    values.put("mb_s", String.format("%.1f", (double) count * (mebibytes << 20) / 1e6 / seconds));
    values.put("ops_s", String.format("%.1f", count / seconds));
    System.out.println(ResultLine.format("s3", values));
  }
}
