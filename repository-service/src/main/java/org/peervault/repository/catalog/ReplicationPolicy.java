package org.peervault.repository.catalog;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.peervault.repository.device.Caller;

/**
 * What the catalog asks placement: when a chunk counts as durably stored, which peers count as
 * live, and how available a set of replicas makes a snapshot. Owned here, implemented by
 * placement, so the catalog does not depend on how peers are chosen.
 */
public interface ReplicationPolicy {

  /** Confirmed replicas on active peers a chunk needs before a snapshot may reference it. */
  int requiredReplicas();

  /** A peer is live when it was seen within this window. */
  Duration liveWindow();

  /**
   * The availability of a snapshot of the caller whose chunks are held by these sets of devices
   * (one set per distinct combination of holders): the lowest over the sets and the hours of the
   * caller's restore window, next to the caller's target.
   */
  SnapshotAvailability assess(Caller caller, Collection<List<Long>> holderSets);
}
