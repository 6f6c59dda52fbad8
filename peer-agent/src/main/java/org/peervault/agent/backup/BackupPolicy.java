package org.peervault.agent.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.peervault.agent.scan.ExclusionClass;
import org.peervault.agent.scan.Exclusions;
import org.peervault.proto.v1.Policy;

/**
 * The repository's policy as a backup uses it: directories (with {@code ~} expanded to
 * {@code home}), exclusions (every built-in class not kept, then the policy's patterns) and the
 * schedule. Immutable.
 *
 * @param roots directories to back up
 * @param excludePatterns the policy's gitignore-syntax patterns
 * @param schedule time between scheduled backups
 */
public record BackupPolicy(List<Path> roots, List<String> excludePatterns, Duration schedule) {
  /** Used when the policy names no schedule, or one that does not parse. */
  public static final Duration DEFAULT_SCHEDULE = Duration.ofHours(1);

  public BackupPolicy {
    roots = List.copyOf(roots);
    excludePatterns = List.copyOf(excludePatterns);
  }

  /** Reads a policy; {@code home} replaces a leading "~". */
  public static BackupPolicy of(Policy policy, Path home) {
    List<Path> roots = new ArrayList<>();
    for (String include : policy.getIncludePathsList()) {
      roots.add(expand(include, home));
    }
    return new BackupPolicy(roots, policy.getExcludePatternsList(), schedule(policy.getSchedule()));
  }

  /** The built-in classes except {@code kept}, the policy's patterns, then {@code extraPatterns}. */
  public Exclusions exclusions(Set<ExclusionClass> kept, List<String> extraPatterns) {
    Set<ExclusionClass> classes = EnumSet.allOf(ExclusionClass.class);
    classes.removeAll(kept);
    return Exclusions.of(classes, excludePatterns, "policy pattern")
        .and(Exclusions.of(Set.of(), extraPatterns, "--exclude"));
  }

  static Path expand(String path, Path home) {
    if (path.equals("~")) {
      return home;
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2));
    }
    return Path.of(path);
  }

  static Duration schedule(String iso) {
    if (iso == null || iso.isBlank()) {
      return DEFAULT_SCHEDULE;
    }
    try {
      Duration d = Duration.parse(iso.trim());
      return d.isNegative() || d.isZero() ? DEFAULT_SCHEDULE : d;
    } catch (DateTimeParseException e) {
      return DEFAULT_SCHEDULE;
    }
  }
}
