package org.peervault.agent.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.peervault.agent.backup.BackupPolicy;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.scan.ExclusionClass;
import org.peervault.agent.scan.Exclusions;
import picocli.CommandLine.Option;

/** The options {@code backup} and {@code run} share: what to leave out and how gently to run. */
final class BackupOptions {
  @Option(names = "--exclude", paramLabel = "PATTERN",
      description = "Leave out paths matching this gitignore-syntax pattern (repeatable; added to the policy's).")
  List<String> excludes = List.of();

  @Option(names = "--keep", paramLabel = "CLASS", split = ",",
      description = "Back up this built-in exclusion class after all: temp, cache, trash, build, os (repeatable).")
  List<String> keep = List.of();

  @Option(names = "--limit-upload", paramLabel = "SIZE",
      description = "Send at most SIZE per second to peers, all replicas counted (e.g. 10MiB).")
  String limitUpload;

  @Option(names = "--low-priority",
      description = "Use one seal thread and low thread priority (for OS-level priority use nice/ionice).")
  boolean lowPriority;

  BackupSettings settings(String host) {
    BackupSettings settings = BackupSettings.defaults(host);
    if (limitUpload != null) {
      settings = settings.withUploadLimit(ByteSize.parse(limitUpload));
    }
    return lowPriority ? settings.withLowPriority() : settings;
  }

  Exclusions exclusions(BackupPolicy policy) {
    Set<ExclusionClass> kept = EnumSet.noneOf(ExclusionClass.class);
    keep.forEach(label -> kept.add(ExclusionClass.parse(label)));
    return policy.exclusions(kept, excludes);
  }

  /** {@code given}, else the policy's directories; refuses an empty result with what to do. */
  static List<Path> roots(List<Path> given, BackupPolicy policy) {
    List<Path> roots = given.isEmpty() ? policy.roots() : given;
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("nothing to back up: name directories (peer-agent backup ~/Documents)"
          + " or ask an admin to add include paths to the backup policy");
    }
    return roots;
  }
}
