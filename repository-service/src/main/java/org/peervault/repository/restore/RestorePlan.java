package org.peervault.repository.restore;

import java.time.Instant;
import java.util.List;

/**
 * A resolved restore request. Immutable.
 *
 * @param organizationId the caller's organization (keys are derived for it)
 * @param deviceId the device whose files are restored
 * @param snapshotId the committed snapshot to restore, or 0 to select by {@code at}
 * @param at per path, the newest version committed at or before this instant
 * @param filters paths to restore with what lies below them; empty means everything
 */
public record RestorePlan(long organizationId, long deviceId, long snapshotId, Instant at,
    List<String> filters) {}
