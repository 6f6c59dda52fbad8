package org.peervault.repository.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservationsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private final Reservations reservations = new Reservations();

  @Test
  void sumsPerDeviceAndLeavesOutTheChunksBeingPlacedAgain() {
    reservations.reserve("a", Map.of(1L, 100L, 2L, 100L), NOW.plusSeconds(60));
    reservations.reserve("b", Map.of(2L, 50L), NOW.plusSeconds(60));

    assertThat(reservations.reservedBytes(NOW, List.of())).isEqualTo(Map.of(1L, 100L, 2L, 150L));
    assertThat(reservations.reservedBytes(NOW, List.of("a"))).isEqualTo(Map.of(2L, 50L));
  }

  @Test
  void aNewReservationReplacesTheChunksOldOneAndReleaseEndsIt() {
    reservations.reserve("a", Map.of(1L, 100L), NOW.plusSeconds(60));
    reservations.reserve("a", Map.of(3L, 70L), NOW.plusSeconds(60));

    assertThat(reservations.reservedBytes(NOW, List.of())).isEqualTo(Map.of(3L, 70L));

    reservations.release(List.of("a"));
    assertThat(reservations.reservedBytes(NOW, List.of())).isEmpty();
  }

  @Test
  void expiredReservationsStopCountingButALaterOneOfTheSameChunkStays() {
    reservations.reserve("a", Map.of(1L, 100L), NOW.plusSeconds(10));
    reservations.reserve("b", Map.of(1L, 5L), NOW.plusSeconds(10));
    reservations.reserve("b", Map.of(1L, 7L), NOW.plusSeconds(120));

    assertThat(reservations.reservedBytes(NOW.plusSeconds(10), List.of())).isEqualTo(Map.of(1L, 7L));
    assertThat(reservations.reservedBytes(NOW.plusSeconds(120), List.of())).isEmpty();
  }
}
