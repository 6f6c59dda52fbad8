package org.peervault.repository.placement.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.peervault.repository.placement.AvailabilityModel;
import org.peervault.repository.placement.AvailabilityPlacer;
import org.peervault.repository.placement.ChunkDemand;
import org.peervault.repository.placement.ChunkPlacement;
import org.peervault.repository.placement.Fleet;
import org.peervault.repository.placement.Peer;
import org.peervault.repository.placement.RestoreWindow;
import org.peervault.repository.placement.UptimeCycle;
import org.peervault.repository.placement.UtcUptime;

/**
 * Runs the real placement code over a simulated fleet and measures restores against the peers'
 * true behaviour (DESIGN.md "Placement"; paper 3.1.4 and 4).
 *
 * <p>Each peer's uptime cycle is learned the way the repository learns it, from hourly samples
 * of a month of simulated heartbeats ({@link UptimeCycle#estimate}); the {@link
 * AvailabilityPlacer} places each owner's chunks; then restores are tried at random moments of
 * each owner's restore window on days the model never saw, a copy counting only if its peer is
 * really up on a good link at that minute. The paper's fixed {@code b} copies on random peers are
 * measured the same way. Deterministic for a seed.
 */
final class DurabilitySimulator {
  private static final int LEARN_DAYS = 30;

  /**
   * What to simulate.
   *
   * @param chunkBytes stored size of each chunk (large chunks stand for many: what matters is how
   *     full the fleet gets)
   * @param quotaBytes what each peer lends
   * @param restoresPerDay restore attempts per owner and test day
   */
  record Settings(int peers, int owners, int chunksPerOwner, long chunkBytes, long quotaBytes, int testDays,
      int restoresPerDay, long seed, List<Double> targets) {}

  /**
   * One target's results. Availabilities are shares of restore attempts (chunk and moment) that
   * found a copy, or the model's probabilities for the same attempts.
   *
   * @param meanCopies copies per chunk the placer used, on average
   * @param modelMinimum the placer's achieved availability (lowest over the window), averaged over chunks
   * @param modelAtAttempts the model's probability of success at the hours of the attempts
   * @param belowTarget share of chunks the placer reported below target
   * @param paperCopies the paper's fixed b for p_c = the fleet's mean uptime
   * @param paperModel 1 - (1 - p_c)^b
   * @param paperMeasured measured with b copies on random peers
   * @param byLocalHour per hour of the owner's local day: {attempts, measured, model, paper measured}
   */
  record Row(double target, double meanCopies, int maxCopies, double modelMinimum, double modelAtAttempts,
      double measured, double belowTarget, double fleetMeanUp, int paperCopies, double paperModel,
      double paperMeasured, long attempts, double[][] byLocalHour) {}

  private final Settings settings;
  private final SimulatedFleet truth;
  private final List<UtcUptime> learned = new ArrayList<>();
  private final double fleetMeanUp;

  DurabilitySimulator(Settings settings) {
    this.settings = settings;
    this.truth = new SimulatedFleet(settings.peers(), LEARN_DAYS + settings.testDays() + 1, settings.seed());
    double sum = 0;
    for (SimulatedFleet.SimPeer p : truth.peers) {
      UtcUptime u = UtcUptime.of(learn(p), p.offsetMinutes());
      learned.add(u);
      sum += u.meanUp();
    }
    this.fleetMeanUp = sum / settings.peers();
  }

  /** The cycle the repository would compute after a month of heartbeats (paper 3.1.4). */
  private UptimeCycle learn(SimulatedFleet.SimPeer p) {
    double[] up = new double[UptimeCycle.HOURS];
    int[] all = new int[UptimeCycle.HOURS];
    for (int hour = 0; hour < LEARN_DAYS * 24; hour++) {
      int local = Math.floorMod(Math.floorDiv(hour * 60 + p.offsetMinutes(), 60), UptimeCycle.HOURS);
      all[local]++;
      double sample = truth.hourSample(p.index(), hour);
      if (sample >= 0) {
        up[local] += sample;
      }
    }
    return UptimeCycle.estimate(LEARN_DAYS, up, all);
  }

  private static long deviceId(int index) {
    return index + 1L;
  }

  List<Row> run() {
    List<Row> rows = new ArrayList<>();
    for (double target : settings.targets()) {
      rows.add(runTarget(target));
    }
    return rows;
  }

  private Row runTarget(double target) {
    Random random = new Random(settings.seed() ^ Double.doubleToLongBits(target));
    long[] free = new long[settings.peers()];
    java.util.Arrays.fill(free, settings.quotaBytes());
    AvailabilityPlacer placer = new AvailabilityPlacer(2, 8, 0);
    int paperCopies = AvailabilityModel.paperCopies(fleetMeanUp, target);
    double[][] byHour = new double[UptimeCycle.HOURS][4];
    double copies = 0;
    int maxCopies = 0;
    double modelMin = 0;
    double below = 0;
    double measured = 0;
    double model = 0;
    double paperMeasured = 0;
    long attempts = 0;
    int chunks = 0;
    for (int o = 0; o < settings.owners(); o++) {
      int owner = random.nextInt(settings.peers());
      RestoreWindow window = RestoreWindow.of(learned.get(owner), 0.5);
      List<Peer> peers = new ArrayList<>(settings.peers());
      for (SimulatedFleet.SimPeer p : truth.peers) {
        peers.add(new Peer(deviceId(p.index()), "sim", p.site(), p.subnet(), free[p.index()], settings.quotaBytes(),
            true, learned.get(p.index())));
      }
      List<ChunkDemand> demands = new ArrayList<>();
      for (int c = 0; c < settings.chunksPerOwner(); c++) {
        demands.add(new ChunkDemand(o + "-" + c, settings.chunkBytes(), Set.of()));
      }
      List<ChunkPlacement> placed = placer.place(new Fleet(deviceId(owner), peers, Set.of(), window, target),
          demands);
      List<Integer> randomPeers = randomPeers(random, owner, paperCopies);
      for (ChunkPlacement p : placed) {
        List<Peer> used = p.peers().subList(0, p.requiredReplicas());
        used.forEach(peer -> free[(int) peer.deviceId() - 1] -= settings.chunkBytes());
        copies += used.size();
        maxCopies = Math.max(maxCopies, used.size());
        modelMin += p.achievedAvailability();
        below += p.belowTarget() ? 1 : 0;
        chunks++;
      }
      // chunks of one owner share their peers: one set of attempts measures them all
      List<Peer> used = placed.get(0).peers().subList(0, placed.get(0).requiredReplicas());
      List<UtcUptime> copyUptimes = used.stream().map(Peer::uptime).toList();
      int localShift = truth.peers.get(owner).offsetMinutes();
      for (int day = LEARN_DAYS; day < LEARN_DAYS + settings.testDays(); day++) {
        for (int r = 0; r < settings.restoresPerDay(); r++) {
          int hour = window.hour(random.nextInt(window.size()));
          int minute = day * SimulatedFleet.MINUTES_PER_DAY + hour * 60 + random.nextInt(60);
          boolean ok = used.stream().anyMatch(peer -> truth.usable((int) peer.deviceId() - 1, minute));
          boolean paperOk = randomPeers.stream().anyMatch(i -> truth.usable(i, minute));
          double predicted = AvailabilityModel.at(copyUptimes, hour);
          int local = Math.floorMod(Math.floorDiv(hour * 60 + 30 + localShift, 60), UptimeCycle.HOURS);
          double[] h = byHour[local];
          h[0] += settings.chunksPerOwner();
          h[1] += ok ? settings.chunksPerOwner() : 0;
          h[2] += predicted * settings.chunksPerOwner();
          h[3] += paperOk ? settings.chunksPerOwner() : 0;
          attempts += settings.chunksPerOwner();
          measured += ok ? settings.chunksPerOwner() : 0;
          model += predicted * settings.chunksPerOwner();
          paperMeasured += paperOk ? settings.chunksPerOwner() : 0;
        }
      }
    }
    return new Row(target, copies / chunks, maxCopies, modelMin / chunks, model / attempts, measured / attempts,
        below / chunks, fleetMeanUp, paperCopies, 1 - Math.pow(1 - fleetMeanUp, paperCopies),
        paperMeasured / attempts, attempts, byHour);
  }

  /** The paper's placement: {@code b} distinct peers other than the owner, at random. */
  private List<Integer> randomPeers(Random random, int owner, int b) {
    List<Integer> chosen = new ArrayList<>(b);
    while (chosen.size() < Math.min(b, settings.peers() - 1)) {
      int i = random.nextInt(settings.peers());
      if (i != owner && !chosen.contains(i)) {
        chosen.add(i);
      }
    }
    return chosen;
  }
}
