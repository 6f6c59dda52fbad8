package org.peervault.repository.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/**
 * Data access for snapshots. Adding files takes a shared lock on the snapshot row and committing
 * an exclusive one, so no file version lands in a snapshot after its commit. Callers provide
 * the transaction.
 */
@ApplicationScoped
public class SnapshotStore {

  /** The snapshot, share-locked until the transaction ends (file versions are being added). */
  public Optional<Snapshot> lockShared(long id) {
    return Snapshot.findByIdOptional(id, LockModeType.PESSIMISTIC_READ);
  }

  /** The snapshot, locked exclusively until the transaction ends (it is being committed). */
  public Optional<Snapshot> lockExclusive(long id) {
    return Snapshot.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The snapshot, if it exists and is committed. */
  public Optional<Snapshot> findCommitted(long id) {
    return Snapshot.<Snapshot>findByIdOptional(id)
        .filter(s -> s.status == Snapshot.Status.COMMITTED);
  }

  /** The committed snapshots of a device, newest first. */
  public List<Snapshot> listCommitted(long deviceId) {
    return Snapshot.list("device.id = ?1 and status = ?2 order by committedAt desc, id desc",
        deviceId, Snapshot.Status.COMMITTED);
  }
}
