package org.peervault.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One SQL statement on a pooled connection, for the set-based stores: binds parameters, reads
 * rows, and turns an {@link SQLException} into a {@link PersistenceException} that says what was
 * being done. Connections taken inside a JTA transaction are enlisted in it.
 */
@ApplicationScoped
public class Jdbc {

  @Inject
  AgroalDataSource dataSource;

  /** Sets a statement's parameters; the connection makes arrays. */
  public interface Binder {
    void bind(Connection c, PreparedStatement ps) throws SQLException;
  }

  /** Reads one row. */
  public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * The rows of a query (or of a statement with RETURNING).
   *
   * @param what what the statement does, for the error message ("retention: reading snapshots")
   */
  public <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(c, ps);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new PersistenceException(what + " failed", e);
    }
  }

  /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
  public int update(String what, String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(c, ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException(what + " failed", e);
    }
  }

  /** A timestamptz parameter for an instant. */
  public static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** An instant read from a timestamptz column, null for SQL NULL. */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }
}
