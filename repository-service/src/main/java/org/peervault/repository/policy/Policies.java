package org.peervault.repository.policy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Finds and changes policies; the one place that decides which policy applies to a device. */
@ApplicationScoped
public class Policies {

  /** The policy that applies to a device of {@code organizationId} in {@code deviceGroup} (may be null). */
  @Transactional
  public PolicySettings effective(long organizationId, String deviceGroup) {
    Optional<Policy> policy = Optional.empty();
    if (deviceGroup != null && !deviceGroup.isBlank()) {
      policy = Policy.find("organizationId = ?1 and deviceGroup = ?2", organizationId, deviceGroup)
          .firstResultOptional();
    }
    if (policy.isEmpty()) {
      policy = Policy.find("organizationId = ?1 and deviceGroup is null", organizationId).firstResultOptional();
    }
    return policy.map(Policy::settings).orElseGet(PolicySettings::defaults);
  }

  /** Creates or replaces the policy of an organization ({@code deviceGroup} null) or of one group. */
  @Transactional
  public PolicySettings put(long organizationId, String deviceGroup, String name, PolicySettings settings) {
    Optional<Policy> existing = deviceGroup == null
        ? Policy.find("organizationId = ?1 and deviceGroup is null", organizationId).firstResultOptional()
        : Policy.find("organizationId = ?1 and deviceGroup = ?2", organizationId, deviceGroup).firstResultOptional();
    Policy policy = existing.orElseGet(() -> {
      Policy p = new Policy();
      p.organizationId = organizationId;
      p.deviceGroup = deviceGroup;
      return p;
    });
    policy.name = name;
    policy.apply(settings);
    policy.persist();
    return policy.settings();
  }

  /** The stored policies of an organization: its default first, then groups by name. */
  @Transactional
  public java.util.List<Policy> list(long organizationId) {
    return Policy.list("organizationId = ?1 order by deviceGroup nulls first, id", organizationId);
  }
}
