package org.peervault.agent.restore;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.peervault.proto.v1.Grant;

/**
 * The FETCH grants of a restore plan, by chunk and holder. Grants live minutes, and a large restore
 * takes longer: when a peer refuses a grant as expired, {@link #renew} sends the same plan request
 * again and takes the fresh grants, at most once per {@link #MIN_RENEWAL_NANOS}. Thread-safe.
 */
final class PlanGrants {
  private static final Logger LOG = Logger.getLogger(PlanGrants.class.getName());
  /** Renewals are at least this far apart: one fresh plan serves every chunk refused meanwhile. */
  static final long MIN_RENEWAL_NANOS = 10_000_000_000L;

  private final Supplier<Map<String, Map<Long, Grant>>> replan;
  private volatile Map<String, Map<Long, Grant>> byChunk = new HashMap<>();
  private long renewedAtNanos = System.nanoTime() - MIN_RENEWAL_NANOS;
  private int renewals;

  /** Grants renewed by {@code replan}, which plans the restore again and returns its grants. */
  PlanGrants(Supplier<Map<String, Map<Long, Grant>>> replan) {
    this.replan = replan;
  }

  /** Takes the grants of the first plan. */
  void start(Map<String, Map<Long, Grant>> first) {
    byChunk = first;
  }

  /** The grant to present to {@code peer} for {@code chunkId}, or null when the plan holds none. */
  Grant grant(String chunkId, long peer) {
    Map<Long, Grant> grants = byChunk.get(chunkId);
    return grants == null ? null : grants.get(peer);
  }

  /**
   * Plans again for fresh grants, unless that was done in the last {@link #MIN_RENEWAL_NANOS};
   * returns whether grants were renewed now or lately (so a retry may succeed).
   */
  synchronized boolean renew() {
    if (System.nanoTime() - renewedAtNanos < MIN_RENEWAL_NANOS) {
      return renewals > 0;
    }
    renewedAtNanos = System.nanoTime();
    try {
      byChunk = replan.get();
      renewals++;
      LOG.info(() -> "event=restore_grants_renewed chunks=" + byChunk.size() + " renewals=" + renewals);
      return true;
    } catch (RuntimeException e) {
      LOG.warning(() -> "event=restore_grants_not_renewed reason=\"" + e.getMessage() + "\"");
      return false;
    }
  }

  /** Whether a refusal is a peer's answer to an expired grant. */
  static boolean expired(io.grpc.Status status) {
    return status.getCode() == io.grpc.Status.Code.PERMISSION_DENIED && status.getDescription() != null
        && status.getDescription().startsWith("grant: expired");
  }
}
