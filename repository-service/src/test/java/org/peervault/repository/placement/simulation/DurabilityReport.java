package org.peervault.repository.placement.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The durability simulator as a command: runs {@link DurabilitySimulator} over 10,000 simulated
 * peers, prints measured restore availability next to the model's prediction and the paper's
 * fixed-b formula, and writes {@code docs/durability.md} with a table and {@code
 * docs/durability.png}. See docs/durability.md for how to run it.
 *
 * <p>Options: {@code --peers N} (10000), {@code --owners N} (1000), {@code --seed N} (2026),
 * {@code --docs DIR} (write the report there; without it, only print).
 */
public final class DurabilityReport {
  private DurabilityReport() {}

  public static void main(String[] args) throws IOException {
    int peers = 10_000;
    int owners = 1_000;
    long seed = 2026;
    Path docs = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--peers" -> peers = Integer.parseInt(require(args[i], value));
        case "--owners" -> owners = Integer.parseInt(require(args[i], value));
        case "--seed" -> seed = Long.parseLong(require(args[i], value));
        case "--docs" -> docs = Path.of(require(args[i], value));
        default -> throw new IllegalArgumentException("durability: unknown option " + args[i]
            + "; use --peers N, --owners N, --seed N, --docs DIR");
      }
      i++;
    }
    DurabilitySimulator.Settings settings = new DurabilitySimulator.Settings(peers, owners, 4, 512L << 20,
        2L << 30, 7, 24, seed, List.of(0.9, 0.99, 0.999));
    long started = System.nanoTime();
    List<DurabilitySimulator.Row> rows = new DurabilitySimulator(settings).run();
    double seconds = (System.nanoTime() - started) / 1e9;
    String table = table(rows);
    System.out.print(table);
    System.out.printf(Locale.ROOT, "simulated in %.1f s%n", seconds);
    if (docs != null) {
      chart(rows.get(1), docs.resolve("durability.png"));
      Files.writeString(docs.resolve("durability.md"), page(settings, rows, table));
    }
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException("durability: " + option + " needs a value");
    }
    return value;
  }

  static String table(List<DurabilitySimulator.Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| target p_s | copies per chunk (mean / max) | model: lowest hour (mean) | model at restore times"
        + " | measured | chunks below target | paper b (p_c = fleet mean) | paper model | paper b, measured |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (DurabilitySimulator.Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %.2f / %d | %.4f | %.4f | **%.4f** | %.1f%% | %d (p_c = %.3f) | %.4f"
          + " | %.4f |%n", r.target(), r.meanCopies(), r.maxCopies(), r.modelMinimum(), r.modelAtAttempts(),
          r.measured(), 100 * r.belowTarget(), r.paperCopies(), r.fleetMeanUp(), r.paperModel(),
          r.paperMeasured()));
    }
    return out.toString();
  }

  private static void chart(DurabilitySimulator.Row row, Path png) throws IOException {
    List<Double> hours = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    List<Double> model = new ArrayList<>();
    List<Double> paper = new ArrayList<>();
    for (int h = 0; h < row.byLocalHour().length; h++) {
      double[] v = row.byLocalHour()[h];
      if (v[0] < 200) {
        continue; // too few attempts in this hour of the owners' day to plot
      }
      hours.add((double) h);
      measured.add(v[1] / v[0]);
      model.add(v[2] / v[0]);
      paper.add(v[3] / v[0]);
    }
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title(String.format(Locale.ROOT, "Restores over the owners' day, target p_s = %s", row.target()))
        .xAxisTitle("hour of the owner's local day").yAxisTitle("share of restores that found a copy").build();
    chart.getStyler().setYAxisMin(Math.max(0, Math.min(row.paperMeasured(), row.measured()) - 0.1));
    chart.getStyler().setYAxisMax(1.0);
    chart.addSeries("availability placement, measured", hours, measured).setMarker(SeriesMarkers.CIRCLE);
    chart.addSeries("availability placement, model", hours, model).setMarker(SeriesMarkers.NONE);
    chart.addSeries(String.format(Locale.ROOT, "paper: b = %d random peers, measured", row.paperCopies()), hours, paper)
        .setMarker(SeriesMarkers.DIAMOND);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String page(DurabilitySimulator.Settings s, List<DurabilitySimulator.Row> rows, String table) {
    return """
        # Durability: the availability model measured

        PeerVault places each chunk so that, in every hour `h` of its owner's restore window,
        `1 - Π(1 - p_i(h)) >= p_s` (docs/architecture.md, "Placement by availability"; paper sections
        3.1.4 and 4). This page checks that model against simulated machines whose behaviour the model
        never sees: it is produced by the durability simulator, which runs the real placement code.

        ## How to run it
        ```sh
        deploy/local/durability.sh                 # 10,000 peers: prints the table, rewrites this page and durability.png
        deploy/local/durability.sh --owners 200    # quicker; --peers N, --seed N
        ```
        It builds the repository service's test classes and runs
        `org.peervault.repository.placement.simulation.DurabilityReport` (test code: it needs no
        database and ships with nothing). The simulation itself takes about 15 s on two shared cores; the
        same seed gives the same page.

        ## What it simulates
        - **%,d peers** in five time zones (UTC-5 25%%, UTC 30%%, UTC+1 25%%, UTC+5:30 15%%, UTC+9 5%%), of
          four kinds: **office hours** (45%%: on about 08:00 ± 40 min local for about 9 h ± 1 h, 90%% of days),
          **always-on desktops** (15%%: a 2-6 h outage on 5%% of days), **flaky laptops** (30%%: on 60%% of
          days, 1-3 sessions of 30-180 min starting between 07:00 and 22:00, a quarter of them on a slow link) and
          **night shift** (10%%: on about 21:30 for 8.5 h, 85%% of days). Each machine's sessions are drawn
          minute by minute, day by day.
        - **Learning, as the repository does**: a month of heartbeats gives hourly samples (an hour is up if
          the peer was heard in it, counted by its share of heartbeats not on a slow link); the real
          `UptimeCycle.estimate` turns them into each peer's cycle, and `UtcUptime` into UTC hours.
        - **Placement**: %,d owners drawn at random each back up %d chunks of %d MiB (large chunks stand for
          many small ones: what matters is how full the fleet gets); the real `AvailabilityPlacer` (at least
          2, at most 8 copies) places them over all peers, whose free space shrinks as they fill (%d MiB
          quotas: the always-on desktops fill up and the placer turns to other machines). The owner's
          restore window is the hours its own cycle is at least 0.5.
        - **Restores**: on %d days after the learning month, %d times a day per owner, at a random minute of
          the owner's window, each chunk counts as restorable if one of its copies' machines is really up,
          on a good link, at that minute. The model's prediction for the same moments and the paper's
          fixed `b > log(1-p_s)/log(1-p_c)` copies on random peers (with `p_c` the fleet's mean uptime)
          are measured the same way.

        ## Results (seed %d)
        %s
        - *copies per chunk*: what the placer asked the agent to store; *model: lowest hour*: the achieved
          availability the placer reports (the lowest over the owner's window), averaged over chunks;
          *model at restore times*: the model's probability for the hours the restores were tried in;
          *measured*: the share of restore attempts that found a copy; *chunks below target*: placements the
          placer reported short of the target (the owner is told, see docs/agent.md).
        - *paper b*: the paper's formula with one availability for every machine, `p_c` = the fleet's mean
          uptime over the day, placed on random peers, measured on the same restores.

        ![Restores by hour of the owner's day at p_s = 0.99](durability.png)

        ## What it shows
        - The availability placement puts copies where the owner's hours are covered (always-on desktops
          first, then colleagues up in the same hours as they fill), so a handful of copies per chunk give
          restores close to the target, where the paper's fixed `b` from one fleet-wide `p_c` needs several
          times as many copies on random peers and still falls short in the hours when few machines are up.
        - Measured restores come out somewhat below the model, and the plot shows where: the hours in which
          shifts start and end. The cycle is learned from the paper's hourly samples, in which an hour counts
          as up if the peer was heard at all in it, so the first and last hour of a working day look better
          than they are; the model also assumes machines fail independently. At the strictest target the
          gap decides whether `p_s` is met: counting the share of each hour's heartbeats instead of the hour
          (the heartbeat already comes every minute) is the refinement that would close it.
        - Where the fleet cannot do better (the strictest target with the best peers full), the placer says
          so: those chunks are reported below target, and so are their snapshots.

        ## Limits
        - Peers are assumed reachable when the backup runs (chunks reach their peers); liveness at backup
          time and repair (docs/architecture.md) are not simulated.
        - Correlated failures (a site's network down) are not simulated; spread over sites and subnets is
          what placement does about them.
        """.formatted(s.peers(), s.owners(), s.chunksPerOwner(), s.chunkBytes() >> 20, s.quotaBytes() >> 20,
            s.testDays(), s.restoresPerDay(), s.seed(), table);
  }
}
