package org.peervault.repository.device;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.peervault.repository.Listing;

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

  /** What a device search matches; null or blank fields match everything. */
  public record Filter(Device.Status status, Long ownerUserId, String deviceGroup,
      String nameContains) {}

  /** A page of an organization's devices matching {@code filter}, by id. */
  public Listing<Device> search(long organizationId, Filter filter,
      int page, int size) {
    StringBuilder q = new StringBuilder("organization.id = :org");
    Parameters p = Parameters
        .with("org", organizationId);
    if (filter.status() != null) {
      q.append(" and status = :status");
      p = p.and("status", filter.status());
    }
    if (filter.ownerUserId() != null) {
      q.append(" and ownerUserId = :owner");
      p = p.and("owner", filter.ownerUserId());
    }
    if (filter.deviceGroup() != null && !filter.deviceGroup().isBlank()) {
      q.append(" and deviceGroup = :group");
      p = p.and("group", filter.deviceGroup());
    }
    if (filter.nameContains() != null && !filter.nameContains().isBlank()) {
      q.append(" and lower(name) like :name");
      p = p.and("name", "%" + filter.nameContains().toLowerCase() + "%");
    }
    var query = Device.<Device>find(q.toString(), Sort.by("id"), p);
    return new Listing<>(
        query.page(Page.of(page, size)).list(), query.count());
  }
}
