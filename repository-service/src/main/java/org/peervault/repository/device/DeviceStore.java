package org.peervault.repository.device;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Data access for devices. Callers provide the transaction. */
@ApplicationScoped
public class DeviceStore {

  /** The device with this id, in any organization and state. */
  public Optional<Device> findById(long id) {
    return Device.findByIdOptional(id);
  }

  /** The device of an organization with this name, in any state. */
  public Optional<Device> findByName(long organizationId, String name) {
    return Device.find("organization.id = ?1 and name = ?2", organizationId, name)
        .firstResultOptional();
  }

  /** Those of the given devices that belong to the organization (any state). */
  public List<Device> findInOrganization(long organizationId, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return Device.list("organization.id = ?1 and id in ?2", organizationId, ids);
  }

  /** All active devices of an organization, by id. */
  public List<Device> listActive(long organizationId) {
    return Device.list("organization.id = ?1 and status = ?2 order by id", organizationId,
        Device.Status.ACTIVE);
  }
}
