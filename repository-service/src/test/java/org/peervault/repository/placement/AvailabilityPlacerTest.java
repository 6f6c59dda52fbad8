package org.peervault.repository.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AvailabilityPlacerTest {
  private static final long MiB = 1024 * 1024;
  private static final long GiB = 1024 * MiB;
  private static final long OWNER = 1;
  private static final String CHUNK = "1a2b3c4d5e6f" + "0".repeat(52);

  static UtcUptime flat(double p) {
    double[] up = new double[24];
    Arrays.fill(up, p);
    return UtcUptime.ofUtc(up);
  }

  /** Up with probability {@code p} from {@code from} to {@code to} (exclusive, UTC, may wrap; equal: all day), else 0. */
  static UtcUptime hours(int from, int to, double p) {
    double[] up = new double[24];
    int span = Math.floorMod(to - from, 24) == 0 ? 24 : Math.floorMod(to - from, 24);
    for (int i = 0; i < span; i++) {
      up[(from + i) % 24] = p;
    }
    return UtcUptime.ofUtc(up);
  }

  static Peer peer(long id, UtcUptime uptime) {
    return peer(id, "s" + id, "n" + id, uptime);
  }

  static Peer peer(long id, String site, String subnet, UtcUptime uptime) {
    return new Peer(id, "10.0.0." + id + ":9444", site, subnet, GiB, GiB, true, uptime);
  }

  static Peer withSpace(Peer p, long freeBytes, long quotaBytes) {
    return new Peer(p.deviceId(), p.address(), p.site(), p.subnet(), freeBytes, quotaBytes, p.live(),
        p.uptime());
  }

  static Peer down(Peer p) {
    return new Peer(p.deviceId(), p.address(), p.site(), p.subnet(), p.freeBytes(), p.quotaBytes(),
        false, p.uptime());
  }

  static Fleet fleet(List<Peer> peers, RestoreWindow window, double target) {
    return new Fleet(OWNER, peers, Set.of(), window, target);
  }

  static ChunkDemand chunk(String id, long size, Long... holders) {
    return new ChunkDemand(id, size, Set.of(holders));
  }

  static List<Long> ids(List<Peer> peers) {
    return peers.stream().map(Peer::deviceId).toList();
  }

  static List<Long> used(ChunkPlacement p) {
    return ids(p.peers().subList(0, p.requiredReplicas()));
  }

  /** {@code 1 - prod(1 - p_i(h))} at one UTC hour. */
  static double availability(List<UtcUptime> copies, int hour) {
    double down = 1;
    for (UtcUptime u : copies) {
      down *= 1 - u.up(hour);
    }
    return 1 - down;
  }

  static double minOver(RestoreWindow window, List<UtcUptime> copies) {
    return window.utcHours().stream().mapToDouble(h -> availability(copies, h)).min().orElseThrow();
  }

  private final AvailabilityPlacer placer = new AvailabilityPlacer(2, 8, 2);

  @Test
  void addsEqualPeersUntilThePaperFormulaIsMet() {
    List<Peer> peers = new ArrayList<>();
    for (long id = 2; id <= 20; id++) {
      peers.add(peer(id, flat(0.6)));
    }
    ChunkPlacement p = placer.place(fleet(peers, RestoreWindow.allDay(), 0.99),
        List.of(chunk("c", MiB))).get(0);

    // paper section 4: b > log(1 - 0.99) / log(1 - 0.6) = 5.03, so 6 copies
    assertThat(p.requiredReplicas()).isEqualTo(6);
    assertThat(p.peers()).hasSize(8);
    assertThat(p.achievedAvailability()).isCloseTo(1 - Math.pow(0.4, 6), within(1e-12));
    assertThat(p.belowTarget()).isFalse();
  }

  @Test
  void meetsTheTargetInEveryHourOfTheWindowWithComplementaryCycles() {
    List<Peer> peers = List.of(
        peer(2, hours(8, 18, 0.95)),
        peer(3, hours(8, 18, 0.95)),
        peer(4, hours(16, 2, 0.95)),
        peer(5, hours(16, 2, 0.95)),
        peer(6, hours(0, 10, 0.95)),
        peer(7, hours(0, 10, 0.95)));
    Fleet fleet = fleet(peers, RestoreWindow.allDay(), 0.99);
    ChunkPlacement p = placer.place(fleet, List.of(chunk("c", MiB))).get(0);

    List<UtcUptime> copies = p.peers().subList(0, p.requiredReplicas()).stream().map(Peer::uptime).toList();
    for (int h = 0; h < 24; h++) {
      assertThat(availability(copies, h)).as("hour " + h).isGreaterThanOrEqualTo(0.99);
    }
    assertThat(p.requiredReplicas()).isEqualTo(6);
    assertThat(p.achievedAvailability()).isCloseTo(minOver(RestoreWindow.allDay(), copies), within(1e-12));
  }

  @Test
  void prefersPeersWhoseCyclesCoverTheOwnersHours() {
    RestoreWindow office = RestoreWindow.of(hours(9, 17, 1.0), 0.5);
    List<Peer> peers = List.of(
        peer(2, hours(17, 9, 1.0)), // night shift: never up when the owner works
        peer(3, hours(8, 18, 0.9)),
        peer(4, flat(0.5)),
        peer(5, hours(9, 17, 0.95)));
    ChunkPlacement p = placer.place(fleet(peers, office, 0.99), List.of(chunk("c", MiB))).get(0);

    assertThat(used(p)).containsExactly(5L, 3L);
    assertThat(p.achievedAvailability()).isCloseTo(1 - 0.05 * 0.1, within(1e-12));
    assertThat(ids(p.peers())).doesNotHaveDuplicates().last().isNotEqualTo(5L);
    assertThat(ids(p.peers()).indexOf(2L)).as("the night-shift peer comes last, as a spare if at all")
        .isIn(-1, 3);
  }

  @Test
  void neverChoosesTheOwnerEvenWhenItIsTheBestPeer() {
    List<Peer> peers = List.of(peer(OWNER, flat(1.0)), peer(2, flat(0.9)), peer(3, flat(0.9)),
        peer(4, flat(0.9)));
    ChunkPlacement p = placer.place(fleet(peers, RestoreWindow.allDay(), 0.99), List.of(chunk("c", MiB)))
        .get(0);
    assertThat(ids(p.peers())).doesNotContain(OWNER).containsExactlyInAnyOrder(2L, 3L, 4L);
    assertThat(p.requiredReplicas()).isEqualTo(2);
  }

  @Test
  void neverChoosesAPeerAtNinetyPercentOfItsQuotaNorExcludedNorDeadOnes() {
    List<Peer> peers = List.of(
        withSpace(peer(2, flat(1.0)), 10 * MiB, 100 * MiB), // exactly 90% used
        withSpace(peer(3, flat(1.0)), 11 * MiB, 100 * MiB), // 89% used: may still take a chunk
        down(peer(4, flat(1.0))),
        peer(5, flat(1.0)),
        peer(6, flat(0.5)),
        withSpace(peer(7, flat(1.0)), MiB - 1, GiB));
    Fleet fleet = new Fleet(OWNER, peers, Set.of(5L), RestoreWindow.allDay(), 0.99);
    ChunkPlacement p = placer.place(fleet, List.of(chunk("c", MiB))).get(0);

    assertThat(ids(p.peers())).containsExactlyInAnyOrder(3L, 6L);
    assertThat(used(p)).containsExactly(3L, 6L);
  }

  @Test
  void stopsChoosingAPeerOnceItsChunksFillItToNinetyPercent() {
    List<Peer> peers = List.of(withSpace(peer(2, flat(1.0)), 12 * MiB, 100 * MiB),
        peer(3, flat(0.99)), peer(4, flat(0.99)), peer(5, flat(0.99)));
    List<ChunkPlacement> ps = new AvailabilityPlacer(2, 8, 0).place(
        fleet(peers, RestoreWindow.allDay(), 0.999),
        List.of(chunk("c1", MiB), chunk("c2", MiB), chunk("c3", MiB)));

    // 88% used, then 89%, then 90%: the third chunk goes elsewhere
    assertThat(used(ps.get(0))).contains(2L);
    assertThat(used(ps.get(1))).contains(2L);
    assertThat(used(ps.get(2))).doesNotContain(2L);
  }

  @Test
  void holdersComeFirstCountTowardsTheTargetAndNeedNoRoom() {
    List<Peer> peers = List.of(
        withSpace(peer(2, flat(0.9)), 0, GiB),
        down(peer(3, flat(0.9))),
        peer(4, flat(0.9)), peer(5, flat(0.9)), peer(6, flat(0.9)));
    ChunkPlacement p = placer.place(fleet(peers, RestoreWindow.allDay(), 0.999),
        List.of(chunk("c", MiB, 2L, 3L))).get(0);

    // 0.9 each: three copies reach 0.999; the holder that is down still counts but is not listed
    assertThat(ids(p.peers()).get(0)).isEqualTo(2L);
    assertThat(ids(p.peers())).doesNotContain(3L);
    assertThat(p.requiredReplicas()).isEqualTo(2);
    assertThat(p.achievedAvailability()).isCloseTo(0.999, within(1e-12));
  }

  @Test
  void spreadsOverSitesThenSubnetsAmongEqualPeers() {
    List<Peer> peers = List.of(
        peer(2, "paris", "n1", flat(0.9)),
        peer(3, "paris", "n1", flat(0.9)),
        peer(4, "paris", "n2", flat(0.9)),
        peer(5, "lyon", "n3", flat(0.9)));
    ChunkPlacement p = new AvailabilityPlacer(3, 3, 1).place(fleet(peers, RestoreWindow.allDay(), 0.9),
        List.of(chunk("c", MiB))).get(0);

    assertThat(used(p)).containsExactly(2L, 5L, 4L);
    assertThat(ids(p.peers())).containsExactly(2L, 5L, 4L, 3L);
  }

  @Test
  void reportsTheBestPlacementWhenTheTargetCannotBeMet() {
    List<Peer> peers = new ArrayList<>();
    for (long id = 2; id <= 12; id++) {
      peers.add(peer(id, hours(9, 17, 0.3)));
    }
    peers.add(peer(13, hours(17, 9, 1.0)));
    RestoreWindow office = new RestoreWindow(List.of(9, 10, 11, 12, 13, 14, 15, 16));
    ChunkPlacement p = new AvailabilityPlacer(2, 4, 1).place(fleet(peers, office, 0.99),
        List.of(chunk("c", MiB))).get(0);

    assertThat(p.requiredReplicas()).isEqualTo(4);
    assertThat(p.belowTarget()).isTrue();
    assertThat(p.achievedAvailability()).isCloseTo(1 - Math.pow(0.7, 4), within(1e-12));
    assertThat(used(p)).doesNotContain(13L);
  }

  @Test
  void addsNoUselessCopyWhenNoPeerIsEverUpInTheWindow() {
    List<Peer> peers = List.of(peer(2, hours(20, 22, 1.0)), peer(3, hours(20, 22, 1.0)),
        peer(4, hours(20, 22, 1.0)));
    ChunkPlacement p = placer.place(fleet(peers, new RestoreWindow(List.of(9, 10)), 0.99),
        List.of(chunk("c", MiB))).get(0);

    assertThat(p.requiredReplicas()).isEqualTo(2);
    assertThat(p.achievedAvailability()).isZero();
    assertThat(p.belowTarget()).isTrue();
  }

  @Test
  void refusesWhenFewerPeersThanTheMinimumCanTakeTheChunk() {
    List<Peer> peers = List.of(peer(OWNER, flat(1)), peer(2, flat(1)), down(peer(3, flat(1))),
        withSpace(peer(4, flat(1)), 10, GiB));
    assertThatThrownBy(() -> placer.place(fleet(peers, RestoreWindow.allDay(), 0.99),
        List.of(chunk(CHUNK, MiB))))
        .isInstanceOf(PlacementException.class)
        .hasMessageStartingWith("placement: chunk 1a2b3c4d5e6f needs 2 peers with 1.0 MiB free,"
            + " only 1 live peer has room (3 registered; 0 excluded by the agent, 1 not live, 1 full)");
  }

  @Test
  void countsSpaceProposedForEarlierChunksOfTheSameCall() {
    List<Peer> peers = new ArrayList<>();
    for (long id = 2; id <= 5; id++) {
      peers.add(withSpace(peer(id, flat(0.99)), 2 * MiB, 2 * MiB));
    }
    AvailabilityPlacer two = new AvailabilityPlacer(2, 2, 0);
    Fleet fleet = fleet(peers, RestoreWindow.allDay(), 0.9);
    List<ChunkPlacement> ps = two.place(fleet,
        List.of(chunk("c1", MiB), chunk("c2", MiB), chunk("c3", MiB), chunk("c4", MiB)));

    // chunks with the same holders share peers while they have room (a file's chunks stay together)
    assertThat(ids(ps.get(0).peers())).containsExactly(2L, 3L);
    assertThat(ids(ps.get(1).peers())).containsExactly(2L, 3L);
    assertThat(ids(ps.get(2).peers())).containsExactly(4L, 5L);
    assertThat(ids(ps.get(3).peers())).containsExactly(4L, 5L);
    assertThatThrownBy(() -> two.place(fleet, List.of(chunk("c1", MiB), chunk("c2", MiB),
        chunk("c3", MiB), chunk("c4", MiB), chunk("c5", MiB)))).isInstanceOf(PlacementException.class)
        .hasMessageContaining("only 0 live peers have room");
  }

  @Test
  void isDeterministicWhateverTheOrderOfTheFleet() {
    Random random = new Random(7);
    List<Peer> peers = new ArrayList<>();
    for (long id = 2; id < 60; id++) {
      peers.add(peer(id, "s" + random.nextInt(4), "n" + random.nextInt(6), flat(0.3 + 0.1 * random.nextInt(5))));
    }
    List<ChunkDemand> chunks = List.of(chunk("a", MiB), chunk("b", 2 * MiB, 5L), chunk("c", MiB));
    List<ChunkPlacement> first = placer.place(fleet(peers, RestoreWindow.allDay(), 0.999), chunks);
    for (int round = 0; round < 5; round++) {
      List<Peer> shuffled = new ArrayList<>(peers);
      Collections.shuffle(shuffled, random);
      assertThat(placer.place(fleet(shuffled, RestoreWindow.allDay(), 0.999), chunks)).isEqualTo(first);
    }
  }

  /**
   * Random small fleets against a brute-force oracle that tries every set of at most
   * {@code maxCopies} peers: the placer meets the target whenever some set does, reports exactly
   * the availability its peers give, and keeps the rules (owner, excluded, dead, full).
   */
  @Test
  @Timeout(60)
  void meetsTheTargetWheneverABruteForceOracleCan() {
    Random random = new Random(42);
    UtcUptime[] classes = {hours(9, 17, 0.95), hours(0, 24, 0.9), flat(0.5), hours(17, 9, 0.9),
        hours(6, 14, 0.8), hours(12, 20, 0.7), flat(0.2)};
    int reachable = 0;
    for (int round = 0; round < 1500; round++) {
      int n = 3 + random.nextInt(7);
      int maxCopies = 2 + random.nextInt(3);
      List<Peer> peers = new ArrayList<>();
      for (long id = 1; id <= n; id++) {
        Peer p = peer(id, "s" + random.nextInt(3), "n" + random.nextInt(3), classes[random.nextInt(classes.length)]);
        if (random.nextInt(8) == 0) {
          p = down(p);
        }
        if (random.nextInt(8) == 0) {
          p = withSpace(p, GiB / 20, GiB);
        }
        peers.add(p);
      }
      Set<Long> excluded = new HashSet<>();
      if (random.nextInt(4) == 0) {
        excluded.add(2L + random.nextInt(n - 1));
      }
      RestoreWindow window = random.nextBoolean() ? RestoreWindow.allDay()
          : RestoreWindow.of(classes[random.nextInt(classes.length)], 0.5);
      double target = new double[] {0.9, 0.99, 0.999}[random.nextInt(3)];
      Fleet fleet = new Fleet(OWNER, peers, excluded, window, target);
      List<Peer> eligible = peers.stream().filter(p -> p.deviceId() != OWNER && p.live()
          && !excluded.contains(p.deviceId()) && !Peer.nearlyFull(p.freeBytes(), p.quotaBytes())).toList();
      AvailabilityPlacer small = new AvailabilityPlacer(2, maxCopies, 1);
      if (eligible.size() < 2) {
        assertThatThrownBy(() -> small.place(fleet, List.of(chunk("c", MiB)))).isInstanceOf(PlacementException.class);
        continue;
      }
      ChunkPlacement p = small.place(fleet, List.of(chunk("c", MiB))).get(0);
      List<Peer> chosen = p.peers().subList(0, p.requiredReplicas());
      assertThat(eligible).containsAll(p.peers());
      assertThat(p.peers()).doesNotHaveDuplicates();
      assertThat(p.requiredReplicas()).isBetween(2, maxCopies);
      assertThat(p.achievedAvailability())
          .isCloseTo(minOver(window, chosen.stream().map(Peer::uptime).toList()), within(1e-9));
      boolean oracle = bestOf(eligible, maxCopies, window) >= target - 1e-12;
      assertThat(p.belowTarget()).as("round " + round).isEqualTo(!oracle);
      if (oracle) {
        reachable++;
      }
    }
    assertThat(reachable).as("the rounds exercise both outcomes").isBetween(200, 1300);
  }

  private static double bestOf(List<Peer> eligible, int maxCopies, RestoreWindow window) {
    double best = 0;
    for (int mask = 1; mask < 1 << eligible.size(); mask++) {
      if (Integer.bitCount(mask) > maxCopies) {
        continue;
      }
      List<UtcUptime> set = new ArrayList<>();
      for (int i = 0; i < eligible.size(); i++) {
        if ((mask & 1 << i) != 0) {
          set.add(eligible.get(i).uptime());
        }
      }
      best = Math.max(best, minOver(window, set));
    }
    return best;
  }

  @Test
  @Timeout(120)
  void placesFourThousandChunksOverTenThousandPeersQuickly() {
    Random random = new Random(1);
    List<Peer> peers = new ArrayList<>();
    for (long id = 2; id <= 10_001; id++) {
      int start = random.nextInt(24);
      peers.add(peer(id, "s" + random.nextInt(20), "n" + random.nextInt(200),
          hours(start, (start + 6 + random.nextInt(18)) % 24, 0.5 + random.nextDouble() * 0.45)));
    }
    Fleet fleet = fleet(peers, RestoreWindow.of(hours(8, 18, 1), 0.5), 0.999);
    List<ChunkDemand> chunks = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      // every chunk has its own holders: no two chunks can share a search
      chunks.add(i % 2 == 0 ? chunk("c" + i, MiB) : chunk("c" + i, MiB, 2L + i, 3L + i));
    }
    placer.place(fleet, chunks.subList(0, 64)); // warm up
    long started = System.nanoTime();
    List<ChunkPlacement> ps = placer.place(fleet, chunks);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(ps).hasSize(4096).allMatch(p -> !p.belowTarget());
    assertThat(millis).as("milliseconds for 4096 chunks").isLessThan(20_000);
  }
}
