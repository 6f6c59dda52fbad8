package org.peervault.repository.testdb;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Gives a device a history of hourly availability samples, as if it had heartbeat for days: its
 * registration moves ten days back and every hour of every other day gets a sample, so its
 * uptime cycle is 0.5 in every hour (paper 3.1.4: with 7 to 30 days, over the data there is).
 */
public final class UptimeSamples {
  private static final int DAYS = 10;

  private UptimeSamples() {}

  /** Makes {@code deviceId} up half of the days, at every hour, for the last ten days. */
  public static void halfUp(EntityManager em, long deviceId) {
    Instant now = Instant.now();
    Instant registered = now.minus(Duration.ofDays(DAYS));
    QuarkusTransaction.requiringNew().run(() -> {
      em.createNativeQuery("UPDATE device SET registered_at = ?1 WHERE id = ?2")
          .setParameter(1, registered).setParameter(2, deviceId).executeUpdate();
      Instant from = registered.truncatedTo(ChronoUnit.HOURS);
      for (int day = 0; day < DAYS; day += 2) {
        for (int hour = 0; hour < 24; hour++) {
          em.createNativeQuery("INSERT INTO peer_hour (device_id, hour_start) VALUES (?1, ?2)"
                  + " ON CONFLICT DO NOTHING")
              .setParameter(1, deviceId)
              .setParameter(2, from.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour)))
              .executeUpdate();
        }
      }
    });
  }
}
