package org.peervault.agent.bench;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.peervault.agent.seal.Sealer;

/**
 * The machine's limits on one core, measured with the calls the agent makes: SHA-256 over 1 MiB
 * buffers, a whole {@link Sealer#seal} and {@link Sealer#open} of 1 MiB chunks (AES-256-GCM, with
 * zstd where it pays: random data so compression is skipped), and zstd at the agent's level on
 * text. Each is warmed up, then run for {@code MiB} mebibytes. Prints {@code limit} result lines.
 *
 * <pre>java ... MachineLimits [MiB]</pre>
 */
public final class MachineLimits {
  private static final int MIB = 1 << 20;

  public static void main(String[] args) throws Exception {
    int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    byte[] random = new byte[MIB];
    new SplittableRandom(1).nextBytes(random);
    byte[] text = text();
    byte[] key = new byte[Sealer.KEY_BYTES];
    Sealer sealer = new Sealer();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] sealed = sealer.seal(random, key).bytes();
    var id = sealer.seal(random, key).id();

    print("sha256", mebibytes, () -> sha.update(random));
    print("seal_aes256gcm", mebibytes, () -> sealer.seal(random, key));
    print("open_aes256gcm", mebibytes, () -> sealer.open(sealed, key, id));
    print("zstd3_text", mebibytes, () -> Zstd.compress(text, 3));
    print("zstd1_text", mebibytes, () -> Zstd.compress(text, 1));
  }

  private static void print(String name, int mebibytes, Runnable op) {
    for (int i = 0; i < Math.max(64, mebibytes / 4); i++) {
      op.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < mebibytes; i++) {
      op.run();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("mib", mebibytes);
    values.put("wall_s", String.format("%.3f", seconds));
    values.put("mb_s", String.format("%.0f", mebibytes * (double) MIB / 1e6 / seconds));
    System.out.println(ResultLine.format("limit", values));
  }

  private static byte[] text() {
    StringBuilder b = new StringBuilder(MIB + 200);
    SplittableRandom r = new SplittableRandom(2);
    String[] words = {"backup", "restore", "chunk", "peer", "the", "of", "and", "snapshot", "2026-11-23", "INFO"};
    while (b.length() < MIB) {
      b.append(words[r.nextInt(words.length)]).append(r.nextInt(10) == 0 ? '\n' : ' ');
    }
    return b.substring(0, MIB).getBytes(StandardCharsets.US_ASCII);
  }
}
