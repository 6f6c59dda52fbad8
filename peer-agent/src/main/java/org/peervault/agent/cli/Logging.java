package org.peervault.agent.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** One-line log format on standard error; {@code PEERVAULT_LOG=FINE} for per-chunk detail. */
final class Logging {
  private Logging() {}

  static void configure() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return; // an explicit logging configuration wins
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s %5$s%6$s%n");
    }
    String level = System.getenv().getOrDefault("PEERVAULT_LOG", "INFO");
    Logger root = Logger.getLogger("org.peervault");
    root.setLevel(Level.parse(level));
    for (var handler : Logger.getLogger("").getHandlers()) {
      handler.setLevel(Level.parse(level));
    }
  }
}
