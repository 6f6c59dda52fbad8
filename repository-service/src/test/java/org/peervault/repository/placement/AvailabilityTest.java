package org.peervault.repository.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.testdb.PostgresTestResource;
import org.peervault.repository.testdb.TestPki;

/** Uptime cycles from stored hourly samples, on the real database (paper 3.1.4). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AvailabilityTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:30:00Z");

  @Inject
  Availability availability;

  @Inject
  Enrollment enrollment;

  @Inject
  EntityManager em;

  private long device(Instant registered) {
    long org = enrollment.createOrganization("avail-" + UUID.randomUUID());
    String token = enrollment.issueToken(org, true, null);
    long id = enrollment.enroll(TestPki.withCsr(new Enrollment.DeviceRequest(token, "peer", "127.0.0.1:1",
        1 << 20, "", ""))).deviceId();
    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
        "UPDATE device SET registered_at = ?1 WHERE id = ?2").setParameter(1, registered).setParameter(2, id)
        .executeUpdate());
    return id;
  }

  /** Heartbeats every hour from {@code fromHour} to {@code toHour} (exclusive) UTC on the last {@code days} days. */
  private void heardDaily(long id, int days, int fromHour, int toHour, int offsetMinutes) {
    Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
    for (int d = 1; d <= days; d++) {
      for (int h = fromHour; h < toHour; h++) {
        availability.heard(id, offsetMinutes, 0, today.minus(Duration.ofDays(d)).plus(Duration.ofHours(h)).plusSeconds(90));
      }
    }
  }

  @Test
  void withFewerThanSevenDaysOfSamplesTheCycleIsOfficeHours() {
    long id = device(NOW.minus(Duration.ofDays(3)));
    heardDaily(id, 3, 0, 24, 0);

    assertThat(availability.cycle(id, NOW)).isEqualTo(UptimeCycle.officeHours());
  }

  @Test
  void withTenDaysOfSamplesEachLocalHourIsTheFractionOfDaysThePeerWasUp() {
    long id = device(NOW.minus(Duration.ofDays(10)));
    // Up 06:00-14:00 UTC every day, which is 08:00-16:00 for a peer at UTC+2.
    heardDaily(id, 10, 6, 14, 120);

    UptimeCycle cycle = availability.cycle(id, NOW);

    assertThat(cycle.at(7)).isZero();
    assertThat(cycle.at(8)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.11));
    assertThat(cycle.at(15)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.11));
    assertThat(cycle.at(16)).isZero();
    assertThat(cycle.at(3)).isZero();
  }

  @Test
  void onlyTheLastThirtyDaysCount() {
    long id = device(NOW.minus(Duration.ofDays(90)));
    Instant longAgo = NOW.minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.DAYS);
    for (int d = 0; d < 20; d++) {
      for (int h = 0; h < 24; h++) {
        availability.heard(id, 0, 0, longAgo.plus(Duration.ofDays(d)).plus(Duration.ofHours(h)));
      }
    }
    heardDaily(id, 30, 12, 13, 0);

    UptimeCycle cycle = availability.cycle(id, NOW);

    assertThat(cycle.at(3)).isZero();
    assertThat(cycle.at(12)).isGreaterThan(0.9);
  }

  @Test
  void hoursOnASlowLinkCountByTheirShareOfGoodHeartbeats() {
    long id = device(NOW.minus(Duration.ofDays(10)));
    Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
    for (int d = 1; d <= 10; d++) {
      Instant day = today.minus(Duration.ofDays(d));
      for (int minute = 0; minute < 60; minute += 10) {
        // 09:xx on a good link, 10:xx half slow, 11:xx slow all the time, 12:xx not measured
        availability.heard(id, 0, 10 << 20, day.plus(Duration.ofMinutes(9 * 60 + minute)));
        availability.heard(id, 0, minute < 30 ? 10 << 20 : 20_000, day.plus(Duration.ofMinutes(10 * 60 + minute)));
        availability.heard(id, 0, 20_000, day.plus(Duration.ofMinutes(11 * 60 + minute)));
        availability.heard(id, 0, 0, day.plus(Duration.ofMinutes(12 * 60 + minute)));
      }
    }

    UptimeCycle cycle = availability.cycle(id, NOW);

    assertThat(cycle.at(9)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.11));
    assertThat(cycle.at(10)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.06));
    assertThat(cycle.at(11)).isZero();
    assertThat(cycle.at(12)).as("no measurement is no evidence of a slow link").isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(0.11));
    assertThat(cycle.at(13)).isZero();
    assertThat(availability.cycles(orgOf(id), java.util.List.of(id), NOW).get(id).cycle()).isEqualTo(cycle);
  }

  @Test
  void aNegativeLinkThroughputIsRefusedAndRecordsNothing() {
    long id = device(NOW.minus(Duration.ofDays(10)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> availability.heard(id, 0, -1, NOW))
        .hasMessageContaining("link_bytes_per_second must be >= 0");
    Number rows = (Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
        "SELECT count(*) FROM peer_hour WHERE device_id = ?1").setParameter(1, id).getSingleResult());
    assertThat(rows.intValue()).isZero();
  }

  private long orgOf(long deviceId) {
    return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
        "SELECT organization_id FROM device WHERE id = ?1").setParameter(1, deviceId).getSingleResult()).longValue());
  }
}
