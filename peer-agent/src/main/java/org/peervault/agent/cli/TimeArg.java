package org.peervault.agent.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses {@code --at} times: an ISO instant, a local date-time, a local date (end of day), or epoch millis. */
final class TimeArg {
  private TimeArg() {}

  static long parseMillis(String text) {
    String t = text.trim();
    if (t.matches("\\d{10,}")) {
      return Long.parseLong(t);
    }
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDateTime.parse(t.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(t).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli() - 1;
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "not a time: \"%s\" (use 2026-11-23T10:15:00Z, 2026-11-23T10:15, 2026-11-23 or epoch millis)", text));
        }
      }
    }
  }

  static String format(long millis) {
    return Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()).toLocalDateTime().withNano(0).toString().replace('T', ' ');
  }
}
