package org.peervault.repository.catalog;

import java.time.Duration;

/**
 * What the catalog asks placement: when a chunk counts as durably stored, and which peers count
 * as live. Owned here, implemented by placement, so the catalog does not depend on how peers
 * are chosen (an availability model replaces fixed counts in a later issue).
 */
public interface ReplicationPolicy {

  /** Confirmed replicas on active peers a chunk needs before a snapshot may reference it. */
  int requiredReplicas();

  /** A peer is live when it was seen within this window. */
  Duration liveWindow();
}
