package org.peervault.repository.restore;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.peervault.repository.Listing;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.catalog.PathRules;
import org.peervault.repository.catalog.SnapshotStore;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;

/**
 * Restore requests: admins create them, target agents fetch the pending ones and complete them.
 * A pending request is the grant that lets its target device plan restores of its source device.
 */
@ApplicationScoped
public class RestoreRequests {
  private static final Logger LOG = Logger.getLogger(RestoreRequests.class);
  private static final int MAX_PATHS = 1000;
  private static final int MAX_OUTCOME_CHARS = 1000;

  @Inject
  Devices devices;

  @Inject
  SnapshotStore snapshots;

  /** What an admin asks for; {@code snapshotId} null selects per path by {@code at}. */
  public record Order(long sourceDeviceId, long targetDeviceId, Long snapshotId, Instant at,
      List<String> paths, String targetDirectory) {}

  /** What a search matches; null fields match everything. */
  public record Filter(RestoreRequest.Status status, Long sourceDeviceId, Long targetDeviceId) {}

  /**
   * Creates a pending request.
   *
   * @throws PeerVaultException NOT_FOUND for unknown devices or snapshot, INVALID_ARGUMENT for
   *     bad paths, FAILED_PRECONDITION for a revoked target
   */
  @Transactional
  public RestoreRequest create(long organizationId, String requestedBy, Order order) {
    Device source = devices.requireInOrganization(organizationId, order.sourceDeviceId());
    Device target = devices.requireInOrganization(organizationId, order.targetDeviceId());
    if (target.status != Device.Status.ACTIVE) {
      throw PeerVaultException.precondition("target-device-revoked", "restore request: target"
          + " device " + target.id + " is revoked; choose an active device");
    }
    if (order.snapshotId() != null) {
      snapshots.findCommitted(order.snapshotId())
          .filter(s -> s.device.id.equals(source.id))
          .orElseThrow(() -> PeerVaultException.notFound("snapshot-not-found", "restore request:"
              + " snapshot " + order.snapshotId() + " is not a committed snapshot of device "
              + source.id));
    }
    List<String> paths = order.paths() == null ? List.of() : order.paths();
    if (paths.size() > MAX_PATHS) {
      throw PeerVaultException.invalid("invalid-restore", "restore request: at most " + MAX_PATHS
          + " paths, got " + paths.size());
    }
    for (String p : paths) {
      checkPath("path", p);
    }
    String dir = order.targetDirectory() == null || order.targetDirectory().isBlank()
        ? "restore-" + Instant.now().toEpochMilli() : order.targetDirectory().strip();
    checkPath("targetDirectory", dir);
    RestoreRequest r = new RestoreRequest();
    r.organizationId = organizationId;
    r.sourceDeviceId = source.id;
    r.targetDeviceId = target.id;
    r.snapshotId = order.snapshotId();
    r.atTime = order.at();
    r.paths = paths.toArray(String[]::new);
    r.targetDirectory = dir;
    r.status = RestoreRequest.Status.PENDING;
    r.requestedBy = requestedBy;
    r.createdAt = Instant.now();
    r.persist();
    LOG.infof("restore request: created request=%d source=%d target=%d snapshot=%s by=\"%s\"",
        r.id, source.id, target.id, r.snapshotId, requestedBy);
    return r;
  }

  /** An organization's requests matching {@code filter}, newest first. */
  @Transactional
  public Listing<RestoreRequest> list(long organizationId, Filter filter, int page, int size) {
    StringBuilder q = new StringBuilder("organizationId = :org");
    Parameters p = Parameters.with("org", organizationId);
    if (filter.status() != null) {
      q.append(" and status = :status");
      p = p.and("status", filter.status());
    }
    if (filter.sourceDeviceId() != null) {
      q.append(" and sourceDeviceId = :source");
      p = p.and("source", filter.sourceDeviceId());
    }
    if (filter.targetDeviceId() != null) {
      q.append(" and targetDeviceId = :target");
      p = p.and("target", filter.targetDeviceId());
    }
    var query = RestoreRequest.<RestoreRequest>find(q.toString(), Sort.descending("id"), p);
    return new Listing<>(query.page(Page.of(page, size)).list(), query.count());
  }

  /** A request of the organization; NOT_FOUND otherwise. */
  @Transactional
  public RestoreRequest require(long organizationId, long requestId) {
    return RestoreRequest.<RestoreRequest>findByIdOptional(requestId)
        .filter(r -> r.organizationId == organizationId)
        .orElseThrow(() -> PeerVaultException.notFound("restore-request-not-found",
            "restore request " + requestId + " does not exist in your organization"));
  }

  /** The pending requests whose target is the calling device, oldest first. */
  @Transactional
  public List<RestoreRequest> pendingFor(Caller caller) {
    return RestoreRequest.list("organizationId = ?1 and targetDeviceId = ?2 and status = ?3"
        + " order by id", caller.organizationId(), caller.deviceId(),
        RestoreRequest.Status.PENDING);
  }

  /** The oldest pending request that lets the caller restore the files of {@code sourceDeviceId}. */
  @Transactional
  public java.util.Optional<RestoreRequest> grant(Caller caller, long sourceDeviceId) {
    if (sourceDeviceId == 0) {
      return java.util.Optional.empty();
    }
    return RestoreRequest.find("organizationId = ?1 and targetDeviceId = ?2 and sourceDeviceId = ?3"
        + " and status = ?4 order by id", caller.organizationId(), caller.deviceId(), sourceDeviceId,
        RestoreRequest.Status.PENDING).firstResultOptional();
  }

  /**
   * The target agent reports the outcome of a request addressed to it.
   *
   * @throws PeerVaultException NOT_FOUND when it is not addressed to the caller,
   *     FAILED_PRECONDITION when it is no longer pending
   */
  @Transactional
  public RestoreRequest complete(Caller caller, long requestId, boolean succeeded,
      String outcome) {
    RestoreRequest r = RestoreRequest.<RestoreRequest>findByIdOptional(requestId)
        .filter(x -> x.organizationId == caller.organizationId()
            && x.targetDeviceId == caller.deviceId())
        .orElseThrow(() -> PeerVaultException.notFound("restore-request-not-found",
            "restore request " + requestId + " is not addressed to device " + caller.deviceId()));
    if (r.status != RestoreRequest.Status.PENDING) {
      throw PeerVaultException.precondition("restore-request-completed", "restore request "
          + requestId + " is " + r.status + " already");
    }
    String o = outcome == null ? "" : outcome.strip();
    r.status = succeeded ? RestoreRequest.Status.DONE : RestoreRequest.Status.FAILED;
    r.outcome = o.length() > MAX_OUTCOME_CHARS ? o.substring(0, MAX_OUTCOME_CHARS) : o;
    r.completedAt = Instant.now();
    LOG.infof("restore request: completed request=%d target=%d status=%s", r.id,
        caller.deviceId(), r.status);
    return r;
  }

  private static void checkPath(String field, String path) {
    PathRules.problem(path).ifPresent(reason -> {
      throw PeerVaultException.invalid("invalid-path", "restore request: refusing " + field + " "
          + PathRules.quote(path) + ": " + reason);
    });
  }
}
