package org.peervault.repository.objects;

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
 * Runs the object catalog's SQL statements on the data source; the caller provides the
 * transaction (connections taken inside a JTA transaction are enlisted in it).
 */
@ApplicationScoped
class ObjectSql {

  @Inject
  AgroalDataSource dataSource;

  /** Sets a statement's parameters. */
  interface Binder {
    void bind(Connection c, PreparedStatement ps) throws SQLException;
  }

  /** Reads one row. */
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The rows of a query; {@code what} names the operation in errors. */
  <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader) {
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
      throw new PersistenceException("objects: " + what + " failed", e);
    }
  }

  /** Runs an insert, update or delete; returns the rows changed. */
  int update(String what, String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(c, ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("objects: " + what + " failed", e);
    }
  }

  static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
