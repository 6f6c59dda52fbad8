package org.peervault.agent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.progress.Progress;
import org.peervault.agent.progress.ProgressListener;

/**
 * Renders progress for people or machines: on a terminal one line on stderr rewritten in place
 * a few times a second; on a pipe or log a line every few seconds; with {@code --json} one
 * {@code "event":"progress"} object per second on stdout. Updates in between are dropped.
 * Thread-safe. {@link AgentCommand#progressPrinter()} picks the mode.
 */
final class ProgressPrinter implements ProgressListener {
  /** How progress is shown. */
  enum Mode { TERMINAL, LINES, JSON, NONE }

  private final Mode mode;
  private final PrintWriter out;
  private final long everyNanos;
  private long lastNanos = Long.MIN_VALUE / 2;
  private boolean lineOpen;

  ProgressPrinter(Mode mode, PrintWriter out) {
    this.mode = mode;
    this.out = out;
    this.everyNanos = switch (mode) {
      case TERMINAL -> 200_000_000L;
      case LINES -> 5_000_000_000L;
      default -> 1_000_000_000L;
    };
  }

  @Override
  public synchronized void update(Progress p) {
    long now = System.nanoTime();
    boolean last = p.phase().equals("done");
    if (mode == Mode.NONE || (!last && now - lastNanos < everyNanos)) {
      return;
    }
    lastNanos = now;
    switch (mode) {
      case JSON -> out.println(json(p));
      case TERMINAL -> {
        out.print("\r" + line(p) + "\u001b[K");
        lineOpen = !last;
        if (last) {
          out.println();
        }
      }
      case LINES -> {
        if (!last) {
          out.println(line(p));
        }
      }
      default -> { }
    }
    out.flush();
  }

  /** Ends a live terminal line so that the next output starts on its own line. */
  synchronized void finish() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
  }

  static String line(Progress p) {
    String eta = p.eta().map(ProgressPrinter::duration).orElse("--");
    int percent = p.bytesTotal() == 0 ? 100 : (int) (100 * p.bytesDone() / p.bytesTotal());
    String below = p.belowTargetChunks() == 0 ? "" : String.format(Locale.ROOT,
        ", %d chunks below target availability (%.4f < %s)", p.belowTargetChunks(), p.placedAvailability(),
        p.targetAvailability());
    return String.format(Locale.ROOT, "%s: %d/%d files, %s/%s (%d%%), %s/s, sent %s, ETA %s%s", p.operation(),
        p.filesDone(), p.filesTotal(), ByteSize.format(p.bytesDone()), ByteSize.format(p.bytesTotal()), percent,
        ByteSize.format((long) p.bytesPerSecond()), ByteSize.format(p.transferredBytes()), eta, below);
  }

  static JsonLine json(Progress p) {
    JsonLine line = JsonLine.event("progress").put("operation", p.operation()).put("phase", p.phase())
        .put("files_done", p.filesDone()).put("files_total", p.filesTotal())
        .put("bytes_done", p.bytesDone()).put("bytes_total", p.bytesTotal())
        .put("transferred_bytes", p.transferredBytes()).put("bytes_per_second", (long) p.bytesPerSecond())
        .put("eta_seconds", p.eta().map(Duration::toSeconds).orElse(-1L))
        .put("elapsed_ms", p.elapsed().toMillis());
    if (p.placedAvailability() >= 0) {
      line.put("placed_availability", p.placedAvailability(), 6).put("target_availability", p.targetAvailability(), 6)
          .put("below_target_chunks", p.belowTargetChunks());
    }
    return line;
  }

  private static String duration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
