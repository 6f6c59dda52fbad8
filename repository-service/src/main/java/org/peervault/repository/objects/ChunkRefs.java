package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peervault.repository.catalog.Chunk;
import org.peervault.repository.catalog.ChunkStore;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.catalog.ReplicationPolicy;

/**
 * Checks the chunks a commit names before anything is recorded: each is a chunk of the
 * organization with exactly the plain size and plaintext hash the commit claims (only who knows
 * the content may reference a chunk, as for snapshots), each has the confirmed replicas
 * {@link ReplicationPolicy} requires, and their sizes add up to the declared size.
 */
@ApplicationScoped
class ChunkRefs {
  /** Most chunks one commit may name (a 5 GiB object of 256 KiB chunks has 20,480). */
  static final int MAX_CHUNKS = 40_000;
  private static final int HASH_BYTES = 32;

  @Inject
  ChunkStore chunks;

  @Inject
  ReplicaStore replicas;

  @Inject
  ReplicationPolicy policy;

  /**
   * Checks {@code slices} for a commit of {@code what} whose size is {@code sizeBytes}.
   *
   * @throws org.peervault.repository.PeerVaultException INVALID_ARGUMENT for bad or unknown
   *     chunks, FAILED_PRECONDITION {@code chunks-under-replicated}
   */
  void check(long organizationId, String what, List<ChunkSlice> slices, long sizeBytes) {
    if (slices.size() > MAX_CHUNKS) {
      throw ObjectErrors.invalid("invalid-argument", what + " names " + slices.size()
          + " chunks; at most " + MAX_CHUNKS + " (upload larger objects in parts)");
    }
    long total = 0;
    Set<String> ids = new LinkedHashSet<>();
    for (ChunkSlice s : slices) {
      if (!Chunk.isValidId(s.chunkId()) || s.plainSizeBytes() <= 0 || s.plainHash() == null
          || s.plainHash().length != HASH_BYTES) {
        throw ObjectErrors.invalid("invalid-argument", what + ": chunk "
            + ObjectErrors.quote(s.chunkId()) + " needs a 64-hex-digit id, a positive plain size"
            + " and its 32-byte plaintext hash");
      }
      total += s.plainSizeBytes();
      ids.add(s.chunkId());
    }
    if (total != sizeBytes) {
      throw ObjectErrors.invalid("invalid-argument", what + ": its chunks hold " + total
          + " bytes but its size is " + sizeBytes);
    }
    if (ids.isEmpty()) {
      return;
    }
    Map<String, ChunkStore.Content> known = chunks.contents(organizationId, ids);
    for (ChunkSlice s : slices) {
      ChunkStore.Content content = known.get(s.chunkId());
      if (content == null || content.plainSizeBytes() != s.plainSizeBytes()
          || !MessageDigest.isEqual(content.plainHash(), s.plainHash())) {
        throw ObjectErrors.invalid("invalid-argument", what + ": chunk "
            + Chunk.shortId(s.chunkId()) + " is not stored with this content (plain size and"
            + " hash); store it on peers and ConfirmReplicas first");
      }
    }
    int required = policy.requiredReplicas();
    Map<String, Set<Long>> holders = replicas.holders(ids);
    List<String> lacking = new ArrayList<>();
    for (String id : ids) {
      if (holders.getOrDefault(id, Set.of()).size() < required) {
        lacking.add(Chunk.shortId(id));
      }
    }
    if (!lacking.isEmpty()) {
      throw ObjectErrors.precondition("chunks-under-replicated", what + " references "
          + lacking.size() + " chunk(s) with fewer than " + required + " confirmed replicas ("
          + String.join(", ", lacking.subList(0, Math.min(5, lacking.size())))
          + "); store them on more peers, ConfirmReplicas, then commit again");
    }
  }
}
