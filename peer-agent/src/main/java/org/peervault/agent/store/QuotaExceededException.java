package org.peervault.agent.store;

/**
 * Storing a chunk would make the store exceed its quota; nothing was stored. A peer answers this
 * so the owner places the chunk elsewhere.
 */
public final class QuotaExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long usedBytes;
  private final long quotaBytes;
  private final long requestedBytes;

  /**
   * @param usedBytes bytes used when the request was refused
   * @param quotaBytes the store's quota
   * @param requestedBytes size of the chunk that did not fit
   */
  public QuotaExceededException(long usedBytes, long quotaBytes, long requestedBytes) {
    super("chunk store quota exceeded: storing " + requestedBytes + " bytes on top of "
        + usedBytes + " used would pass the quota of " + quotaBytes + " bytes ("
        + Math.max(0, quotaBytes - usedBytes) + " bytes free); place the chunk on another peer");
    this.usedBytes = usedBytes;
    this.quotaBytes = quotaBytes;
    this.requestedBytes = requestedBytes;
  }

  /** Bytes used when the request was refused. */
  public long usedBytes() {
    return usedBytes;
  }

  /** The store's quota in bytes. */
  public long quotaBytes() {
    return quotaBytes;
  }

  /** Size in bytes of the chunk that did not fit. */
  public long requestedBytes() {
    return requestedBytes;
  }
}
