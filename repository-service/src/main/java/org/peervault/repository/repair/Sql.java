package org.peervault.repository.repair;

import io.agroal.api.AgroalDataSource;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Runs one SQL statement on a connection of the current transaction, for the repair stores. */
final class Sql {
  private Sql() {}

  /** One statement's work. */
  @FunctionalInterface
  interface Work<T> {
    T apply(PreparedStatement ps) throws SQLException;
  }

  /**
   * Prepares {@code sql} and runs {@code work} on it.
   *
   * @param what what the statement does, for the error message
   */
  static <T> T run(AgroalDataSource dataSource, String what, String sql, Work<T> work) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      return work.apply(ps);
    } catch (SQLException e) {
      throw new PersistenceException("repair: " + what + " failed", e);
    }
  }

  /** Runs a query of (text, bigint) rows and groups the second column by the first. */
  static Map<String, Set<Long>> grouped(PreparedStatement ps) throws SQLException {
    Map<String, Set<Long>> result = new HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getLong(2));
      }
    }
    return result;
  }
}
