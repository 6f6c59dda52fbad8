package org.peervault.repository.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;

/** Data access for organizations. Callers provide the transaction. */
@ApplicationScoped
public class OrganizationStore {

  /** The organization with this name, if any. */
  public Optional<Organization> findByName(String name) {
    return Organization.find("name", name).firstResultOptional();
  }

  /** The organization with this id, locked until the transaction ends (serializes enrollment). */
  public Optional<Organization> lock(long id) {
    return Organization.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  /** Creates an organization. */
  public Organization create(String name) {
    Organization org = new Organization();
    org.name = name;
    org.createdAt = Instant.now();
    org.persist();
    return org;
  }
}
