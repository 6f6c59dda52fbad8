package org.peervault.repository.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpreadPlacerTest {
  private static final long MiB = 1024 * 1024;
  private static final long OWNER = 1;

  private static Peer peer(long id, String site, String subnet, long freeBytes, boolean live) {
    return new Peer(id, "10.0.0." + id + ":9444", site, subnet, freeBytes, live);
  }

  private static ChunkDemand chunk(String id, long size, Long... holders) {
    return new ChunkDemand(id, size, Set.of(holders));
  }

  private static List<Long> ids(ChunkPlacement placement) {
    return placement.peers().stream().map(Peer::deviceId).toList();
  }

  @Test
  void neverChoosesTheOwner() {
    Fleet fleet = new Fleet(OWNER, List.of(peer(OWNER, "a", "n1", 100 * MiB, true),
        peer(2, "b", "n2", MiB, true), peer(3, "c", "n3", MiB, true)), Set.of());
    ChunkPlacement p = new SpreadPlacer(2, 2).place(fleet, List.of(chunk("c1", MiB))).get(0);
    assertThat(ids(p)).containsExactlyInAnyOrder(2L, 3L);
    assertThat(p.requiredReplicas()).isEqualTo(2);
  }

  @Test
  void neverChoosesExcludedDeadOrFullPeers() {
    Fleet fleet = new Fleet(OWNER, List.of(
        peer(2, "a", "n", 10 * MiB, true),
        peer(3, "b", "n", 10 * MiB, false),
        peer(4, "c", "n", MiB - 1, true),
        peer(5, "d", "n", 10 * MiB, true),
        peer(6, "e", "n", 10 * MiB, true)), Set.of(5L));
    ChunkPlacement p = new SpreadPlacer(2, 2).place(fleet, List.of(chunk("c1", MiB))).get(0);
    assertThat(ids(p)).containsExactlyInAnyOrder(2L, 6L);
  }

  @Test
  void peersHoldingTheChunkComeFirstEvenWhenFull() {
    Fleet fleet = new Fleet(OWNER, List.of(
        peer(2, "a", "n1", 100 * MiB, true),
        peer(3, "b", "n2", 0, true)), Set.of());
    ChunkPlacement p = new SpreadPlacer(2, 0).place(fleet, List.of(chunk("c1", MiB, 3L)))
        .get(0);
    assertThat(ids(p)).containsExactly(3L, 2L);
  }

  @Test
  void spreadsOverSitesBeforeFreeSpace() {
    Fleet fleet = new Fleet(OWNER, List.of(
        peer(2, "paris", "n1", 90 * MiB, true),
        peer(3, "paris", "n2", 80 * MiB, true),
        peer(4, "lyon", "n3", 10 * MiB, true)), Set.of());
    ChunkPlacement p = new SpreadPlacer(2, 0).place(fleet, List.of(chunk("c1", MiB))).get(0);
    assertThat(ids(p)).containsExactly(2L, 4L);
  }

  @Test
  void spreadsOverSubnetsWithinASite() {
    Fleet fleet = new Fleet(OWNER, List.of(
        peer(2, "paris", "n1", 90 * MiB, true),
        peer(3, "paris", "n1", 80 * MiB, true),
        peer(4, "paris", "n2", 10 * MiB, true)), Set.of());
    ChunkPlacement p = new SpreadPlacer(2, 1).place(fleet, List.of(chunk("c1", MiB))).get(0);
    assertThat(ids(p)).containsExactly(2L, 4L, 3L);
  }

  @Test
  void ordersByFreeSpaceWhenDomainsAreEqualAndProposesAtMostRequiredPlusSpares() {
    List<Peer> peers = new ArrayList<>();
    for (long id = 2; id <= 9; id++) {
      peers.add(peer(id, "", "", id * MiB, true));
    }
    ChunkPlacement p = new SpreadPlacer(2, 2).place(new Fleet(OWNER, peers, Set.of()),
        List.of(chunk("c1", MiB))).get(0);
    assertThat(ids(p)).containsExactly(9L, 8L, 7L, 6L);
  }

  @Test
  void refusesWhenTooFewLivePeersHaveRoom() {
    Fleet fleet = new Fleet(OWNER, List.of(
        peer(OWNER, "a", "n", 100 * MiB, true),
        peer(2, "a", "n", 10 * MiB, true),
        peer(3, "b", "n", 10 * MiB, false),
        peer(4, "c", "n", 10, true)), Set.of());
    String id = "1a2b3c4d5e6f" + "0".repeat(52);
    assertThatThrownBy(() -> new SpreadPlacer(2, 2).place(fleet, List.of(chunk(id, MiB))))
        .isInstanceOf(PlacementException.class)
        .hasMessageStartingWith("placement: chunk 1a2b3c4d5e6f needs 2 peers with 1.0 MiB free,"
            + " only 1 live peer has room (3 registered; 0 excluded by the agent, 1 not live,"
            + " 1 full)");
  }

  @Test
  void countsSpaceProposedForEarlierChunksOfTheSameCall() {
    Fleet fleet = new Fleet(OWNER, List.of(
        peer(2, "a", "n1", 2 * MiB, true),
        peer(3, "b", "n2", 2 * MiB, true),
        peer(4, "c", "n3", 2 * MiB, true)), Set.of());
    SpreadPlacer placer = new SpreadPlacer(2, 0);
    List<ChunkPlacement> ps = placer.place(fleet,
        List.of(chunk("c1", MiB), chunk("c2", MiB), chunk("c3", MiB)));
    assertThat(ids(ps.get(0))).containsExactly(2L, 3L);
    assertThat(ids(ps.get(1))).containsExactly(4L, 2L);
    assertThat(ids(ps.get(2))).containsExactly(3L, 4L);
    Map<Long, Long> uses = ps.stream().flatMap(p -> p.peers().stream())
        .collect(Collectors.groupingBy(Peer::deviceId, Collectors.counting()));
    assertThat(uses).containsExactlyInAnyOrderEntriesOf(Map.of(2L, 2L, 3L, 2L, 4L, 2L));
    assertThatThrownBy(() -> placer.place(fleet, List.of(chunk("c1", MiB), chunk("c2", MiB),
        chunk("c3", MiB), chunk("c4", MiB)))).isInstanceOf(PlacementException.class);
  }

  /** Random fleets: the rules every placer keeps, checked against a brute-force count. */
  @Test
  void keepsItsRulesOnRandomFleets() {
    Random random = new Random(42);
    for (int round = 0; round < 2000; round++) {
      int required = 1 + random.nextInt(3);
      int spares = random.nextInt(3);
      List<Peer> peers = new ArrayList<>();
      int n = 1 + random.nextInt(8);
      for (long id = 1; id <= n; id++) {
        peers.add(peer(id, "s" + random.nextInt(3), "n" + random.nextInt(3),
            random.nextInt(5) * MiB, random.nextInt(5) > 0));
      }
      Set<Long> excluded = new HashSet<>();
      peers.forEach(p -> {
        if (random.nextInt(6) == 0) {
          excluded.add(p.deviceId());
        }
      });
      long owner = 1 + random.nextInt(n);
      Set<Long> holders = new HashSet<>();
      peers.forEach(p -> {
        if (random.nextInt(5) == 0) {
          holders.add(p.deviceId());
        }
      });
      ChunkDemand demand = new ChunkDemand("c", MiB, holders);
      List<Peer> eligible = peers.stream()
          .filter(p -> p.deviceId() != owner && !excluded.contains(p.deviceId()) && p.live()
              && (holders.contains(p.deviceId()) || p.freeBytes() >= MiB))
          .toList();
      Fleet fleet = new Fleet(owner, peers, excluded);
      SpreadPlacer placer = new SpreadPlacer(required, spares);
      if (eligible.size() < required) {
        assertThatThrownBy(() -> placer.place(fleet, List.of(demand)))
            .isInstanceOf(PlacementException.class);
        continue;
      }
      List<Peer> chosen = placer.place(fleet, List.of(demand)).get(0).peers();
      assertThat(chosen).hasSize(Math.min(required + spares, eligible.size()));
      assertThat(eligible).containsAll(chosen);
      assertThat(chosen).doesNotHaveDuplicates();
      long chosenHolders = chosen.stream().filter(p -> holders.contains(p.deviceId())).count();
      assertThat(chosen.subList(0, (int) chosenHolders))
          .allMatch(p -> holders.contains(p.deviceId()));
      long eligibleSites = eligible.stream().map(Peer::site).distinct().count();
      long chosenSites = chosen.stream().map(Peer::site).distinct().count();
      if (holders.isEmpty()) {
        assertThat(chosenSites).isEqualTo(Math.min(eligibleSites, chosen.size()));
      }
    }
  }
}
