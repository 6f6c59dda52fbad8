package org.peervault.repository.repair;

import java.time.Instant;
import java.util.List;

/**
 * What one repair run did in one organization.
 *
 * @param examined chunks looked at (those that may be short of replicas)
 * @param belowTarget of those, chunks the placer wants on peers that do not hold them yet
 * @param copiesOrdered copy tasks ordered by this run
 * @param copying below-target chunks whose missing replicas are already being copied
 * @param waitingForSource below-target chunks with no surviving replica reachable now
 * @param unplaceable below-target chunks for which the placer found no peers
 * @param throttled below-target chunks left for a later run by the rate limits
 * @param unrecoverable chunks found to have no surviving replica by this run
 * @param recovered chunks known unrecoverable that have a surviving replica again
 * @param retiredPeers draining peers this run retired
 * @param unrecoverableSample the first few chunk ids found unrecoverable by this run
 */
public record RepairReport(long organizationId, Instant startedAt, Instant finishedAt,
    int examined, int belowTarget, int copiesOrdered, int copying, int waitingForSource,
    int unplaceable, int throttled, int unrecoverable, int recovered, List<Long> retiredPeers,
    List<String> unrecoverableSample) {}
