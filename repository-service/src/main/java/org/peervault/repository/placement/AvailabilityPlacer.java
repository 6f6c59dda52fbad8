package org.peervault.repository.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places chunks by the availability model of DESIGN.md (paper 3.1.2, 3.1.4 and 4): copies are
 * added until, in every hour {@code h} of the owner's restore window,
 * {@code 1 - prod(1 - p_i(h)) >= p_s} — the paper's {@code b > log(1-p_s)/log(1-p_c)} for peers
 * that differ and whose availability depends on the hour.
 *
 * <p>For each chunk: peers of the fleet that already hold it count first (live ones are listed
 * first; the others still count, by their cycle); then, one at a time, the candidate with the
 * best score is added while the target is not met in some hour (or fewer than
 * {@code minCopies} copies exist) and fewer than {@code maxCopies} copies exist. A candidate is
 * a live peer other than the owner, not excluded, with room for the chunk and below 90% of its
 * quota. Its score is the cover it adds where the window still falls short
 * ({@code sum_h min(deficit(h), -ln(1 - p(h)))}; once the target is met, its cover of the whole
 * window), times a room factor (0.75 to 1 as its quota empties) and a spread factor (1 for a new
 * site, 0.85 for a new subnet of a used site, 0.7 otherwise); ties go to the lower device id.
 * When greedy picks reach {@code maxCopies} below target, single swaps with the best peers of
 * each hour are tried while they reduce the shortfall. When the target cannot be met, the best
 * placement found is returned with its achieved availability: the caller reports it. Then
 * {@code spares} more peers are proposed in score order.
 *
 * <p>Chunks of one call with the same holders share their peers while those have room, which
 * keeps the chunks of a file together (a restore needs them all) and makes a call cost one
 * search per distinct holder set: O(peers x window hours x copies). Space proposed to one chunk
 * is subtracted before the next. Pure, deterministic, thread-safe.
 */
public final class AvailabilityPlacer implements Placer {
  private static final double EPSILON = 1e-12;
  private static final int SWAP_SHORTLIST_PER_HOUR = 4;
  private static final int MAX_SWAP_ROUNDS = 64;

  private final int minCopies;
  private final int maxCopies;
  private final int spares;

  /**
   * Creates a placer.
   *
   * @param minCopies copies every chunk gets even when fewer would meet the target (at least 1)
   * @param maxCopies most copies of a chunk (at least {@code minCopies})
   * @param spares extra peers proposed to fall back on (at least 0)
   */
  public AvailabilityPlacer(int minCopies, int maxCopies, int spares) {
    if (minCopies < 1 || maxCopies < minCopies || spares < 0) {
      throw new IllegalArgumentException("placement: need 1 <= min copies <= max copies and"
          + " spares >= 0, got " + minCopies + ", " + maxCopies + ", " + spares);
    }
    this.minCopies = minCopies;
    this.maxCopies = maxCopies;
    this.spares = spares;
  }

  @Override
  public List<ChunkPlacement> place(Fleet fleet, List<ChunkDemand> chunks) {
    Call call = new Call(fleet);
    Map<Set<Long>, Choice> chosen = new HashMap<>();
    List<ChunkPlacement> result = new ArrayList<>(chunks.size());
    for (ChunkDemand chunk : chunks) {
      Choice choice = chosen.get(chunk.holders());
      if (choice == null || !call.stillFits(choice, chunk.storedSizeBytes())) {
        choice = choose(call, chunk);
        chosen.put(chunk.holders(), choice);
      }
      for (int i : choice.added) {
        call.free[i] -= chunk.storedSizeBytes();
      }
      for (int i : choice.spares) {
        call.free[i] -= chunk.storedSizeBytes();
      }
      List<Peer> peers = new ArrayList<>();
      choice.listedHolders.forEach(i -> peers.add(fleet.peers().get(i)));
      choice.added.forEach(i -> peers.add(fleet.peers().get(i)));
      choice.spares.forEach(i -> peers.add(fleet.peers().get(i)));
      result.add(new ChunkPlacement(chunk.chunkId(),
          choice.listedHolders.size() + choice.added.size(), peers, choice.achieved,
          fleet.targetAvailability()));
    }
    return result;
  }

  /** The peers chosen for one holder set, by index into the fleet's peers. */
  private record Choice(List<Integer> listedHolders, List<Integer> added, List<Integer> spares,
      double achieved) {}

  private Choice choose(Call call, ChunkDemand chunk) {
    long size = chunk.storedSizeBytes();
    Selection s = new Selection(call);
    List<Integer> listed = new ArrayList<>();
    for (int i = 0; i < call.n; i++) {
      Peer p = call.fleet.peers().get(i);
      if (call.counts[i] && chunk.holders().contains(p.deviceId())) {
        s.take(i);
        if (p.live()) {
          listed.add(i);
        }
      }
    }
    int holders = s.taken.cardinality();
    listed.sort(Comparator.<Integer>comparingDouble(i -> -call.windowCover(i))
        .thenComparingLong(i -> call.fleet.peers().get(i).deviceId()));
    List<Integer> added = new ArrayList<>();
    while (s.copies() < maxCopies && (!s.met() || s.copies() < minCopies)) {
      int[] best = s.top(1, size);
      if (best.length == 0 || (!s.met() && s.copies() >= minCopies && s.gain(best[0]) <= EPSILON)) {
        break;
      }
      s.take(best[0]);
      added.add(best[0]);
    }
    if (s.copies() < minCopies) {
      throw call.tooFew(chunk, minCopies, holders + added.size());
    }
    if (!s.met() && !added.isEmpty() && s.copies() >= maxCopies) {
      s.improveBySwaps(added, size);
    }
    List<Integer> spare = new ArrayList<>();
    for (int i : s.top(spares, size)) {
      spare.add(i);
    }
    return new Choice(List.copyOf(listed), List.copyOf(added), List.copyOf(spare), s.achieved());
  }

  /** What one call knows of its fleet: eligibility, covers over the window, space left. */
  private static final class Call {
    final Fleet fleet;
    final int n;
    final int hours;
    final double need;
    /** Counts as a copy when it holds the chunk: in the fleet, not the owner, not excluded. */
    final boolean[] counts;
    /** May receive a new copy: counts, and live. */
    final boolean[] candidate;
    final double[][] cover;
    final long[] free;
    /** Failure domains as small integers, so that spread costs no string lookups. */
    final int[] site;
    final int[] subnet;

    Call(Fleet fleet) {
      this.fleet = fleet;
      this.n = fleet.peers().size();
      this.hours = fleet.window().size();
      this.need = -Math.log1p(-fleet.targetAvailability());
      this.counts = new boolean[n];
      this.candidate = new boolean[n];
      this.cover = new double[n][hours];
      this.free = new long[n];
      this.site = new int[n];
      this.subnet = new int[n];
      Map<String, Integer> sites = new HashMap<>();
      Map<String, Integer> subnets = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Peer p = fleet.peers().get(i);
        site[i] = sites.computeIfAbsent(p.site(), k -> sites.size());
        subnet[i] = subnets.computeIfAbsent(p.subnet(), k -> subnets.size());
        counts[i] = p.deviceId() != fleet.ownerDeviceId() && !fleet.excluded().contains(p.deviceId());
        candidate[i] = counts[i] && p.live();
        free[i] = p.freeBytes();
        for (int k = 0; k < hours; k++) {
          cover[i][k] = p.uptime().cover(fleet.window().hour(k));
        }
      }
    }

    boolean hasRoom(int i, long size) {
      return free[i] >= size && !Peer.nearlyFull(free[i], fleet.peers().get(i).quotaBytes());
    }

    boolean stillFits(Choice choice, long size) {
      return choice.added.stream().allMatch(i -> hasRoom(i, size))
          && choice.spares.stream().allMatch(i -> hasRoom(i, size));
    }

    double windowCover(int i) {
      double sum = 0;
      for (double c : cover[i]) {
        sum += c;
      }
      return sum;
    }

    PlacementException tooFew(ChunkDemand chunk, int required, int possible) {
      int registered = 0;
      int excluded = 0;
      int notLive = 0;
      int full = 0;
      for (int i = 0; i < n; i++) {
        Peer p = fleet.peers().get(i);
        if (p.deviceId() == fleet.ownerDeviceId()) {
          continue;
        }
        registered++;
        if (fleet.excluded().contains(p.deviceId())) {
          excluded++;
        } else if (!p.live()) {
          notLive++;
        } else if (!chunk.holders().contains(p.deviceId()) && !hasRoom(i, chunk.storedSizeBytes())) {
          full++;
        }
      }
      return new PlacementException(chunk.chunkId(), chunk.storedSizeBytes(), required, possible,
          registered, excluded, notLive, full);
    }
  }

  /** The copies chosen so far for one chunk and the cover they give each hour of the window. */
  private static final class Selection {
    private final Call call;
    final BitSet taken = new BitSet();
    private final double[] cover;
    private final BitSet sites = new BitSet();
    private final BitSet subnets = new BitSet();
    private final double[] deficit;

    Selection(Call call) {
      this.call = call;
      this.cover = new double[call.hours];
      this.deficit = new double[call.hours];
      refresh();
    }

    int copies() {
      return taken.cardinality();
    }

    void take(int i) {
      taken.set(i);
      sites.set(call.site[i]);
      subnets.set(call.subnet[i]);
      for (int k = 0; k < call.hours; k++) {
        cover[k] += call.cover[i][k];
      }
      refresh();
    }

    private void refresh() {
      boolean met = met();
      for (int k = 0; k < call.hours; k++) {
        deficit[k] = met ? call.need : Math.max(0, call.need - cover[k]);
      }
    }

    boolean met() {
      for (double c : cover) {
        if (c < call.need - EPSILON) {
          return false;
        }
      }
      return true;
    }

    double achieved() {
      double min = 1.0;
      for (double c : cover) {
        min = Math.min(min, UtcUptime.availabilityOf(c));
      }
      return min;
    }

    /** Cover candidate {@code i} adds where it is still needed (or of the whole window, once met). */
    double gain(int i) {
      double gain = 0;
      double[] c = call.cover[i];
      for (int k = 0; k < c.length; k++) {
        gain += Math.min(deficit[k], c[k]);
      }
      return gain;
    }

    private double factor(int i, long size) {
      Peer p = call.fleet.peers().get(i);
      double room = Math.max(0, Math.min(1, (double) (call.free[i] - size) / p.quotaBytes()));
      double spread = !sites.get(call.site[i]) ? 1.0 : !subnets.get(call.subnet[i]) ? 0.85 : 0.7;
      return (0.75 + 0.25 * room) * spread;
    }

    /** The {@code k} best candidates not taken, best first. */
    int[] top(int k, long size) {
      int[] best = new int[k];
      double[] score = new double[k];
      double[] tie = new double[k];
      int found = 0;
      for (int i = 0; i < call.n && k > 0; i++) {
        if (!call.candidate[i] || taken.get(i) || !call.hasRoom(i, size)) {
          continue;
        }
        double f = factor(i, size);
        double sc = gain(i) * f;
        int at = found;
        while (at > 0 && better(sc, f, i, score[at - 1], tie[at - 1], best[at - 1])) {
          at--;
        }
        if (at >= k) {
          continue;
        }
        int last = Math.min(found, k - 1);
        System.arraycopy(best, at, best, at + 1, last - at);
        System.arraycopy(score, at, score, at + 1, last - at);
        System.arraycopy(tie, at, tie, at + 1, last - at);
        best[at] = i;
        score[at] = sc;
        tie[at] = f;
        found = Math.min(found + 1, k);
      }
      return Arrays.copyOf(best, found);
    }

    private boolean better(double score, double tie, int i, double otherScore, double otherTie,
        int other) {
      if (score != otherScore) {
        return score > otherScore;
      }
      if (tie != otherTie) {
        return tie > otherTie;
      }
      return call.fleet.peers().get(i).deviceId() < call.fleet.peers().get(other).deviceId();
    }

    private double shortfall(double[] c) {
      double sum = 0;
      for (double v : c) {
        sum += Math.max(0, call.need - v);
      }
      return sum;
    }

    /**
     * Replaces added peers by better ones from a shortlist (the peers most likely up in each
     * hour of the window) while one swap reduces the total shortfall.
     */
    void improveBySwaps(List<Integer> added, long size) {
      List<Integer> shortlist = shortlist(size);
      for (int round = 0; round < MAX_SWAP_ROUNDS; round++) {
        boolean improved = false;
        for (int a = 0; a < added.size() && !improved; a++) {
          int out = added.get(a);
          double current = shortfall(cover);
          for (int in : shortlist) {
            if (taken.get(in)) {
              continue;
            }
            double[] next = cover.clone();
            for (int k = 0; k < call.hours; k++) {
              next[k] += call.cover[in][k] - call.cover[out][k];
            }
            if (shortfall(next) < current - EPSILON) {
              taken.clear(out);
              taken.set(in);
              System.arraycopy(next, 0, cover, 0, next.length);
              added.set(a, in);
              improved = true;
              break;
            }
          }
        }
        if (!improved) {
          break;
        }
      }
      sites.clear();
      subnets.clear();
      taken.stream().forEach(i -> {
        sites.set(call.site[i]);
        subnets.set(call.subnet[i]);
      });
      refresh();
    }

    private List<Integer> shortlist(long size) {
      Set<Integer> list = new TreeSet<>();
      for (int k = 0; k < call.hours; k++) {
        int hour = k;
        int[] best = new int[SWAP_SHORTLIST_PER_HOUR];
        Arrays.fill(best, -1);
        for (int i = 0; i < call.n; i++) {
          if (!call.candidate[i] || !call.hasRoom(i, size) || call.cover[i][hour] <= 0) {
            continue;
          }
          int at = SWAP_SHORTLIST_PER_HOUR;
          while (at > 0 && (best[at - 1] < 0 || call.cover[i][hour] > call.cover[best[at - 1]][hour])) {
            at--;
          }
          if (at < SWAP_SHORTLIST_PER_HOUR) {
            System.arraycopy(best, at, best, at + 1, SWAP_SHORTLIST_PER_HOUR - 1 - at);
            best[at] = i;
          }
        }
        for (int i : best) {
          if (i >= 0) {
            list.add(i);
          }
        }
      }
      return new ArrayList<>(list);
    }
  }
}
