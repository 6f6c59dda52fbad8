package org.peervault.repository.catalog;

import java.util.Map;
import java.util.Set;

/**
 * CDI event fired inside the transaction that records confirmed replicas; observers that act
 * only on success observe it with {@code during = AFTER_SUCCESS}. Placement uses it to release
 * the space it had reserved for these chunks.
 *
 * @param holdersByChunk for each confirmed chunk id, the devices that now hold it
 */
public record ReplicasConfirmed(Map<String, Set<Long>> holdersByChunk) {}
