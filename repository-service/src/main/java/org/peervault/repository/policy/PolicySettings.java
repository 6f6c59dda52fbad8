package org.peervault.repository.policy;

import java.time.Duration;
import java.util.List;
import org.peervault.repository.PeerVaultException;

/**
 * The values of a policy, validated.
 *
 * @param id the stored policy's id, 0 for the built-in defaults
 * @param includePaths directories to back up ("~" = the user's home)
 * @param excludePatterns gitignore-syntax exclusions on top of the built-in classes
 * @param schedule time between scheduled backups (at least one minute)
 * @param retentionDays how long ordinary versions are kept
 * @param recordPatterns gitignore-syntax patterns of paths kept as records
 * @param recordRetentionDays how long records are kept (paper 3.1.3: e.g. 7 years)
 * @param targetAvailability p_s, in (0, 1)
 * @param peerQuotaBytes disk each device lends to peers
 */
public record PolicySettings(long id, String name, List<String> includePaths, List<String> excludePatterns,
    Duration schedule, int retentionDays, List<String> recordPatterns, int recordRetentionDays,
    double targetAvailability, long peerQuotaBytes) {

  public PolicySettings {
    includePaths = List.copyOf(includePaths);
    excludePatterns = List.copyOf(excludePatterns);
    recordPatterns = List.copyOf(recordPatterns);
    if (schedule.compareTo(Duration.ofMinutes(1)) < 0) {
      throw PeerVaultException.invalid("invalid-policy", "policy: schedule " + schedule + " is shorter than one minute");
    }
    if (retentionDays <= 0 || recordRetentionDays <= 0) {
      throw PeerVaultException.invalid("invalid-policy", "policy: retention must be at least one day");
    }
    if (!(targetAvailability > 0 && targetAvailability < 1)) {
      throw PeerVaultException.invalid("invalid-policy",
          "policy: target availability must lie strictly between 0 and 1, got " + targetAvailability);
    }
    if (peerQuotaBytes < 0) {
      throw PeerVaultException.invalid("invalid-policy", "policy: peer quota cannot be negative");
    }
  }

  /** Built-in defaults: the home directory hourly, 90 days, records 7 years, p_s 0.99, 10 GiB lent. */
  public static PolicySettings defaults() {
    return new PolicySettings(0, "built-in defaults", List.of("~"), List.of(), Duration.ofHours(1), 90,
        List.of(), 2555, 0.99, 10L << 30);
  }
}
