package org.peervault.agent.cli;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which backed-up versions a command works on: one snapshot, or per path as of a time; whose; which paths. */
final class SelectionOptions {
  @Option(names = "--snapshot", paramLabel = "ID", defaultValue = "0", description = "Exactly this snapshot.")
  long snapshot;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Per path, the newest version at or before this time (default: now).")
  String at;

  @Option(names = "--device", paramLabel = "ID", defaultValue = "0",
      description = "Another device's backups (default: this device).")
  long device;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Only these snapshot paths and what lies below them.")
  List<String> paths = List.of();

  /** The --at time in epoch millis, 0 for now; refuses --snapshot together with --at. */
  long atMillis() {
    if (snapshot != 0 && at != null) {
      throw new IllegalArgumentException("give --snapshot or --at, not both");
    }
    return at == null ? 0 : TimeArg.parseMillis(at);
  }
}
