package org.peervault.agent.seal;

import java.util.Objects;
import org.peervault.agent.chunk.ChunkException;
import org.peervault.agent.chunk.ChunkId;

/**
 * A sealed chunk whose bytes match its id but cannot be opened: bad header, unknown format
 * version or compression, failed authentication (wrong key, or bytes altered before they were
 * hashed), or failed or oversized decompression. The message never contains key material.
 */
public final class ChunkDecryptionException extends ChunkException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param id the chunk being opened
   * @param reason what is wrong, in a phrase ("unknown format version 7 ...")
   */
  public ChunkDecryptionException(ChunkId id, String reason) {
    this(id, reason, null);
  }

  /** As {@link #ChunkDecryptionException(ChunkId, String)}, keeping the underlying failure. */
  public ChunkDecryptionException(ChunkId id, String reason, Throwable cause) {
    super(id, "cannot open chunk " + id + ": " + Objects.requireNonNull(reason, "reason"), cause);
    this.reason = reason;
  }

  /** What is wrong with the chunk, without the chunk id. */
  public String reason() {
    return reason;
  }
}
