package org.peervault.repository.repair;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes repair runs exclusive across every instance of the service: a run holds the PostgreSQL
 * session advisory lock {@value #KEY} on a connection of its own for its whole length; a run that
 * cannot take it at once does nothing. A crashed instance's lock goes with its connection.
 */
@ApplicationScoped
public class RepairLock {
  /** The advisory lock key of repair runs ("pvrp"). */
  public static final long KEY = 0x7076_7270L;

  @Inject
  AgroalDataSource dataSource;

  /**
   * Runs {@code work} holding the lock.
   *
   * @return its result, or empty when another run holds the lock (then nothing ran)
   */
  public <T> Optional<T> tryRun(Supplier<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!lock(c, "SELECT pg_try_advisory_lock(?)")) {
        return Optional.empty();
      }
      try {
        return Optional.of(work.get());
      } finally {
        lock(c, "SELECT pg_advisory_unlock(?)");
      }
    } catch (SQLException e) {
      throw new PersistenceException("repair: taking the repair lock failed", e);
    }
  }

  private static boolean lock(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
