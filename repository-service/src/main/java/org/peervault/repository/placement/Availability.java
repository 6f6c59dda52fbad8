package org.peervault.repository.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.peervault.repository.PeerVaultException;

/**
 * Hourly availability samples and the uptime cycles computed from them (paper 3.1.4).
 *
 * <p>Each heartbeat marks its hour as up and counts as one beat of that hour; a beat whose
 * reported link throughput is below {@code peervault.placement.slow-link-bytes-per-second} is
 * also a slow beat, and the hour counts as up only by the share of its beats that were not slow
 * (paper 3.1.4: hours on a slow link mark the cycle with a low probability of being available).
 * An hour since registration without any beat counts as down. The cycle is computed over the
 * last {@link #WINDOW} (or since registration, when shorter) per hour of the peer's local day,
 * using the UTC offset it last reported.
 *
 * <p>Cycles of a whole organization are computed in one query and kept until the UTC hour
 * changes (no new sample can change them within the hour: the current hour is not counted).
 */
@ApplicationScoped
public class Availability {
  /** How far back samples count. */
  public static final Duration WINDOW = Duration.ofDays(30);
  private static final int MINUTES_PER_DAY = 24 * 60;

  @Inject
  EntityManager em;

  @Inject
  PlacementConfig config;

  private final Map<Long, OrganizationCycles> cached = new ConcurrentHashMap<>();

  private record OrganizationCycles(Instant hour, Map<Long, LocalCycle> byDevice) {}

  /** A peer's uptime cycle by hour of its local day, and its offset from UTC in minutes. */
  public record LocalCycle(UptimeCycle cycle, int utcOffsetMinutes) {
    /** The same cycle by hour of the UTC day. */
    public UtcUptime utc() {
      return UtcUptime.of(cycle, utcOffsetMinutes);
    }
  }

  /**
   * Records that a peer was heard from now, at the given UTC offset, over a link that moved
   * {@code linkBytesPerSecond} (0 when the peer measured nothing since its last heartbeat).
   */
  @Transactional
  public void heard(long deviceId, int utcOffsetMinutes, long linkBytesPerSecond, Instant now) {
    checkLinkBytesPerSecond(linkBytesPerSecond);
    int slow = isSlow(linkBytesPerSecond) ? 1 : 0;
    em.createNativeQuery("INSERT INTO peer_hour (device_id, hour_start, beats, slow_beats)"
            + " VALUES (?1, ?2, 1, ?3) ON CONFLICT (device_id, hour_start) DO UPDATE"
            + " SET beats = peer_hour.beats + 1, slow_beats = peer_hour.slow_beats + EXCLUDED.slow_beats")
        .setParameter(1, deviceId).setParameter(2, now.truncatedTo(ChronoUnit.HOURS))
        .setParameter(3, slow).executeUpdate();
    em.createNativeQuery("UPDATE device SET utc_offset_minutes = ?1 WHERE id = ?2 AND utc_offset_minutes <> ?1")
        .setParameter(1, utcOffsetMinutes).setParameter(2, deviceId).executeUpdate();
  }

  /**
   * Refuses a negative link throughput before anything of the heartbeat is recorded.
   *
   * @throws PeerVaultException INVALID_ARGUMENT when negative
   */
  public static void checkLinkBytesPerSecond(long linkBytesPerSecond) {
    if (linkBytesPerSecond < 0) {
      throw PeerVaultException.invalid("invalid-link-speed", "heartbeat: link_bytes_per_second"
          + " must be >= 0 (0 when nothing was measured), got " + linkBytesPerSecond);
    }
  }

  /** Whether a heartbeat reporting this throughput was on a slow link; 0 means not measured. */
  public boolean isSlow(long linkBytesPerSecond) {
    return linkBytesPerSecond > 0 && linkBytesPerSecond < config.slowLinkBytesPerSecond();
  }

  /** The peer's uptime cycle as of {@code now}, read afresh. */
  @Transactional
  public UptimeCycle cycle(long deviceId, Instant now) {
    Object[] device = (Object[]) em.createNativeQuery(
        "SELECT registered_at, utc_offset_minutes FROM device WHERE id = ?1")
        .setParameter(1, deviceId).getSingleResult();
    Instant to = now.truncatedTo(ChronoUnit.HOURS);
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery(LOCAL_HOUR_SUMS + " AND ph.device_id = ?3" + GROUPED)
        .setParameter(1, now.minus(WINDOW).truncatedTo(ChronoUnit.HOURS)).setParameter(2, to)
        .setParameter(3, deviceId).getResultList();
    double[] up = new double[UptimeCycle.HOURS];
    rows.forEach(r -> up[((Number) r[1]).intValue()] = ((Number) r[2]).doubleValue());
    return estimate(toInstant(device[0]), ((Number) device[1]).intValue(), up, now);
  }

  /**
   * The uptime cycles of an organization's active devices as of {@code now}, by device id; kept
   * for the hour unless one of {@code deviceIds} is not among them (a device enrolled since).
   */
  @Transactional
  public Map<Long, LocalCycle> cycles(long organizationId, Collection<Long> deviceIds, Instant now) {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    OrganizationCycles known = cached.get(organizationId);
    if (known != null && known.hour().equals(hour) && known.byDevice().keySet().containsAll(deviceIds)) {
      return known.byDevice();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery(LOCAL_HOUR_SUMS
            + " AND d.organization_id = ?3 AND d.status = 'ACTIVE'" + GROUPED)
        .setParameter(1, now.minus(WINDOW).truncatedTo(ChronoUnit.HOURS)).setParameter(2, hour)
        .setParameter(3, organizationId).getResultList();
    Map<Long, double[]> up = new HashMap<>();
    for (Object[] r : rows) {
      up.computeIfAbsent(((Number) r[0]).longValue(), k -> new double[UptimeCycle.HOURS])
          [((Number) r[1]).intValue()] = ((Number) r[2]).doubleValue();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> devices = em.createNativeQuery("SELECT id, registered_at, utc_offset_minutes"
        + " FROM device WHERE organization_id = ?1 AND status = 'ACTIVE'")
        .setParameter(1, organizationId).getResultList();
    Map<Long, LocalCycle> result = new HashMap<>();
    for (Object[] d : devices) {
      long id = ((Number) d[0]).longValue();
      int offset = ((Number) d[2]).intValue();
      result.put(id, new LocalCycle(estimate(toInstant(d[1]), offset,
          up.getOrDefault(id, new double[UptimeCycle.HOURS]), now), offset));
    }
    Map<Long, LocalCycle> frozen = Map.copyOf(result);
    cached.put(organizationId, new OrganizationCycles(hour, frozen));
    return frozen;
  }

  /** Per device and local hour, the sum over sampled hours of the share of beats not slow. */
  private static final String LOCAL_HOUR_SUMS = "SELECT ph.device_id,"
      + " (((floor(extract(epoch FROM ph.hour_start) / 60)::bigint + d.utc_offset_minutes) % "
      + MINUTES_PER_DAY + " + " + MINUTES_PER_DAY + ") % " + MINUTES_PER_DAY + ") / 60 AS local_hour,"
      + " sum((ph.beats - ph.slow_beats)::float8 / ph.beats)"
      + " FROM peer_hour ph JOIN device d ON d.id = ph.device_id"
      + " WHERE ph.hour_start >= ?1 AND ph.hour_start < ?2";
  private static final String GROUPED = " GROUP BY ph.device_id, local_hour";

  /** The cycle from summed up-shares per local hour, counting hours since registration. */
  private static UptimeCycle estimate(Instant registered, int offsetMinutes, double[] up,
      Instant now) {
    Instant windowStart = now.minus(WINDOW);
    Instant from = (registered.isAfter(windowStart) ? registered : windowStart)
        .truncatedTo(ChronoUnit.HOURS);
    Instant to = now.truncatedTo(ChronoUnit.HOURS);
    int[] all = new int[UptimeCycle.HOURS];
    for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
      all[localHour(h, offsetMinutes)]++;
    }
    for (int h = 0; h < UptimeCycle.HOURS; h++) {
      // a sample from before a later registration date cannot count beyond the hours sampled
      up[h] = Math.min(up[h], all[h]);
    }
    int days = (int) Duration.between(from, to).toDays();
    return UptimeCycle.estimate(days, up, all);
  }

  static int localHour(Instant hour, int offsetMinutes) {
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
