package org.peervault.agent.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The benchmark's dataset, the same bytes for the same seed and size: a source tree (many small
 * text files), large incompressible binaries, compressible logs and CSV, and duplicates (copied
 * binaries and a copied source module). Shares of {@code totalBytes}: 15% source, 40% binaries,
 * 30% text, 15% duplicates. {@link #edit} changes a seeded 5% (or any share) of the files in
 * place, the way a working day does: lines in source files, a block inside binaries, appended logs.
 *
 * <pre>
 * java ... Dataset generate DIR BYTES SEED      prints files= bytes=
 * java ... Dataset edit DIR PERCENT SEED        prints edited_files= edited_bytes=
 * </pre>
 */
public final class Dataset {
  private static final String[] WORDS = ("public private final static class interface return if else for while "
      + "new this null true false void int long byte String List Map import package throws try catch "
      + "backup restore chunk peer repository snapshot placement replica seal open verify grant key "
      + "the of and to in is that for it with as on be by at this from or an are not have").split(" ");
  private static final int MIB = 1 << 20;

  private final Path root;
  private final SplittableRandom random;

  private Dataset(Path root, long seed) {
    this.root = root;
    this.random = new SplittableRandom(seed);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4 || !(args[0].equals("generate") || args[0].equals("edit"))) {
      System.err.println("usage: Dataset generate DIR BYTES SEED | Dataset edit DIR PERCENT SEED");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    long seed = Long.parseLong(args[3]);
    if (args[0].equals("generate")) {
      long bytes = generate(dir, Long.parseLong(args[2]), seed);
      System.out.println("files=" + countFiles(dir) + " bytes=" + bytes);
    } else {
      long[] edited = edit(dir, Integer.parseInt(args[2]), seed);
      System.out.println("edited_files=" + edited[0] + " edited_bytes=" + edited[1]);
    }
  }

  /** Writes the dataset into {@code dir} (which must not exist); returns the bytes written. */
  public static long generate(Path dir, long totalBytes, long seed) throws IOException {
    if (Files.exists(dir)) {
      throw new IOException("dataset: " + dir + " exists; remove it first");
    }
    Dataset d = new Dataset(dir, seed);
    long written = d.sourceTree(totalBytes * 15 / 100);
    List<Path> binaries = new ArrayList<>();
    written += d.binaries(totalBytes * 40 / 100, binaries);
    written += d.texts(totalBytes * 30 / 100);
    written += d.duplicates(totalBytes * 15 / 100, binaries);
    return written;
  }

  private long sourceTree(long budget) throws IOException {
    long written = 0;
    for (int module = 0; written < budget; module++) {
      Path dir = root.resolve("src/module-" + module + "/org/example/m" + module);
      Files.createDirectories(dir);
      for (int f = 0; f < 40 && written < budget; f++) {
        // sizes 512 B .. ~24 KiB, most of them small, like a source tree
        int size = 512 + (int) (Math.pow(random.nextDouble(), 2) * 24 * 1024);
        written += writeText(dir.resolve("Class" + f + ".java"), size);
      }
    }
    return written;
  }

  private long binaries(long budget, List<Path> made) throws IOException {
    Path dir = Files.createDirectories(root.resolve("media"));
    long[] shares = {40, 30, 20, 10};
    long written = 0;
    for (int i = 0; i < shares.length; i++) {
      Path file = dir.resolve("recording-" + i + ".bin");
      written += writeRandom(file, budget * shares[i] / 100);
      made.add(file);
    }
    return written;
  }

  private long texts(long budget) throws IOException {
    Path dir = Files.createDirectories(root.resolve("logs"));
    long per = Math.max(1, budget / 20);
    long written = 0;
    for (int i = 0; written < budget; i++) {
      Path file = dir.resolve(i % 2 == 0 ? "server-" + i + ".log" : "export-" + i + ".csv");
      written += writeText(file, (int) Math.min(per, budget - written));
    }
    return written;
  }

  private long duplicates(long budget, List<Path> binaries) throws IOException {
    Path dir = Files.createDirectories(root.resolve("copies"));
    long written = 0;
    for (int i = binaries.size() - 1; i >= 0; i--) {
      Path binary = binaries.get(i);
      long size = Files.size(binary);
      if (written + size > budget) {
        continue;
      }
      Files.copy(binary, dir.resolve(binary.getFileName()));
      written += size;
    }
    Path source = root.resolve("src/module-0");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = dir.resolve("module-0-copy").resolve(source.relativize(file));
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
        written += Files.size(file);
      }
    }
    return written;
  }

  private long writeText(Path file, int size) throws IOException {
    StringBuilder text = new StringBuilder(size + 128);
    int line = 0;
    while (text.length() < size) {
      text.append(++line).append(": ");
      int words = 4 + random.nextInt(10);
      for (int w = 0; w < words; w++) {
        text.append(WORDS[random.nextInt(WORDS.length)]).append(w + 1 < words ? ' ' : ';');
      }
      text.append(' ').append(random.nextInt(100_000)).append('\n');
    }
    byte[] bytes = text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    Files.write(file, bytes);
    return bytes.length;
  }

  private long writeRandom(Path file, long size) throws IOException {
    byte[] block = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        fill(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return size;
  }

  private void fill(byte[] block) {
    for (int i = 0; i + 8 <= block.length; i += 8) {
      long v = random.nextLong();
      for (int b = 0; b < 8; b++) {
        block[i + b] = (byte) (v >>> (8 * b));
      }
    }
  }

  /**
   * Edits {@code percent}% of the regular files under {@code dir}, chosen by {@code seed}; returns
   * {edited files, bytes written}. Text files get a changed line and an appended one; other files a
   * 64 KiB block overwritten at a random offset.
   */
  public static long[] edit(Path dir, int percent, long seed) throws IOException {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("edit: percent must be 0..100, got " + percent);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    Dataset d = new Dataset(dir, seed);
    long edited = 0;
    long bytes = 0;
    for (Path file : files) {
      if (d.random.nextInt(100) >= percent) {
        continue;
      }
      edited++;
      bytes += isText(file) ? d.editText(file) : d.editBinary(file);
    }
    return new long[] {edited, bytes};
  }

  private static boolean isText(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".java") || name.endsWith(".log") || name.endsWith(".csv");
  }

  private long editText(Path file) throws IOException {
    byte[] old = Files.readAllBytes(file);
    int at = old.length == 0 ? 0 : random.nextInt(old.length);
    byte[] line = ("// edited " + random.nextLong() + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] edited = new byte[old.length + line.length];
    System.arraycopy(old, 0, edited, 0, at);
    System.arraycopy(line, 0, edited, at, line.length);
    System.arraycopy(old, at, edited, at + line.length, old.length - at);
    Files.write(file, edited);
    return edited.length;
  }

  private long editBinary(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    fill(block);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long length = raf.length();
      raf.seek(length <= block.length ? 0 : (long) (random.nextDouble() * (length - block.length)));
      raf.write(block);
    }
    return block.length;
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }
}
