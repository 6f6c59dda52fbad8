package org.peervault.repository.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Hourly availability samples and the uptime cycles computed from them (paper 3.1.4). A heartbeat
 * marks its hour as up; an hour since registration without one counts as down. The cycle is
 * computed over the last {@link #WINDOW} (or since registration, when shorter) per hour of the
 * peer's local day, using the UTC offset it last reported.
 */
@ApplicationScoped
public class Availability {
  /** How far back samples count. */
  public static final Duration WINDOW = Duration.ofDays(30);

  @Inject
  EntityManager em;

  /** Records that a peer was heard from now, at the given UTC offset. */
  @Transactional
  public void heard(long deviceId, int utcOffsetMinutes, Instant now) {
    em.createNativeQuery("INSERT INTO peer_hour (device_id, hour_start) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .setParameter(1, deviceId).setParameter(2, now.truncatedTo(ChronoUnit.HOURS)).executeUpdate();
    em.createNativeQuery("UPDATE device SET utc_offset_minutes = ?1 WHERE id = ?2 AND utc_offset_minutes <> ?1")
        .setParameter(1, utcOffsetMinutes).setParameter(2, deviceId).executeUpdate();
  }

  /** The peer's uptime cycle as of {@code now}. */
  @Transactional
  public UptimeCycle cycle(long deviceId, Instant now) {
    Object[] device = (Object[]) em.createNativeQuery(
        "SELECT registered_at, utc_offset_minutes FROM device WHERE id = ?1")
        .setParameter(1, deviceId).getSingleResult();
    Instant registered = toInstant(device[0]);
    int offsetMinutes = ((Number) device[1]).intValue();
    Instant windowStart = now.minus(WINDOW);
    Instant from = (registered.isAfter(windowStart) ? registered : windowStart).truncatedTo(ChronoUnit.HOURS);
    Instant to = now.truncatedTo(ChronoUnit.HOURS);
    @SuppressWarnings("unchecked")
    List<Object> hours = em.createNativeQuery(
        "SELECT hour_start FROM peer_hour WHERE device_id = ?1 AND hour_start >= ?2 AND hour_start < ?3")
        .setParameter(1, deviceId).setParameter(2, from).setParameter(3, to).getResultList();
    int[] all = new int[UptimeCycle.HOURS];
    int[] up = new int[UptimeCycle.HOURS];
    for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
      all[localHour(h, offsetMinutes)]++;
    }
    for (Object h : hours) {
      up[localHour(toInstant(h), offsetMinutes)]++;
    }
    int days = (int) Duration.between(from, to).toDays();
    return UptimeCycle.estimate(days, up, all);
  }

  private static int localHour(Instant hour, int offsetMinutes) {
    long local = hour.getEpochSecond() / 60 + offsetMinutes;
    return (int) Math.floorMod(Math.floorDiv(local, 60), UptimeCycle.HOURS);
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    throw new IllegalStateException("availability: unexpected timestamp type " + value.getClass());
  }
}
