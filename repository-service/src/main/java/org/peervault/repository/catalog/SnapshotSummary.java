package org.peervault.repository.catalog;

import java.time.Instant;
import java.util.List;

/**
 * What listings show of a snapshot: immutable, detached from the persistence context.
 *
 * @param committedAt null while the snapshot is open
 * @param availability recorded at commit; null while open, and for snapshots committed before
 *     availability was recorded
 */
public record SnapshotSummary(long id, long deviceId, String host, List<String> roots,
    Instant startedAt, Instant committedAt, SnapshotStats stats, SnapshotAvailability availability) {}
