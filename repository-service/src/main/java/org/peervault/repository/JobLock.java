package org.peervault.repository;

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
 * Runs a scheduled job on one instance of the service at a time: the job holds a PostgreSQL
 * session advisory lock on a connection of its own while it runs; an instance that finds the
 * lock taken skips its turn. The lock goes with the connection if the instance dies.
 */
@ApplicationScoped
public class JobLock {

  @Inject
  AgroalDataSource dataSource;

  /**
   * Runs {@code job} when the lock {@code key} is free; empty when another instance holds it.
   * Call outside any transaction: the job opens its own.
   */
  public <T> Optional<T> runExclusively(long key, Supplier<T> job) {
    try (Connection c = dataSource.getConnection()) {
      if (!call(c, "SELECT pg_try_advisory_lock(?)", key)) {
        return Optional.empty();
      }
      try {
        return Optional.of(job.get());
      } finally {
        call(c, "SELECT pg_advisory_unlock(?)", key);
      }
    } catch (SQLException e) {
      throw new PersistenceException("job lock " + key + ": taking or releasing it failed", e);
    }
  }

  private static boolean call(Connection c, String sql, long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
