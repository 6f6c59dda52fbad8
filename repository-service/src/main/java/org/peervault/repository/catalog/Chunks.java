package org.peervault.repository.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;
import org.peervault.repository.keys.ChunkKeyDerivation;
import org.peervault.repository.keys.KeyRing;

/**
 * Chunk lookups (deduplication and keys) and replica confirmations.
 *
 * <p>A lookup answers, for each plaintext hash, its convergent key and, when the chunk is stored
 * with enough replicas, its id, so the agent skips it. Keys are derived only for the caller's
 * organization. A confirmation records a chunk (first time) and the peers holding it; it is
 * idempotent. Both are a constant number of SQL statements per call.
 */
@ApplicationScoped
public class Chunks {
  private static final Logger LOG = Logger.getLogger(Chunks.class);
  /** Most hashes in one lookup. */
  public static final int MAX_LOOKUP = 4096;
  /** Most chunks in one confirmation. */
  public static final int MAX_CONFIRM = 4096;
  /** Most peers confirmed for one chunk in one call. */
  public static final int MAX_HOLDERS = 64;

  @Inject
  ChunkStore chunks;

  @Inject
  ReplicaStore replicas;

  @Inject
  DeviceStore devices;

  @Inject
  KeyRing keyRing;

  @Inject
  ReplicationPolicy policy;

  @Inject
  Event<ReplicasConfirmed> confirmedEvent;

  @Inject
  Event<ChallengesOffered> challengesEvent;

  /**
   * The answer for one plaintext hash.
   *
   * @param key the AES-256 chunk key
   * @param chunkId the stored chunk's id when it has enough replicas, else ""
   */
  public record KeyAnswer(byte[] plainHash, byte[] key, int keyVersion, String chunkId) {}

  /**
   * A chunk that peers acknowledged storing. Sizes in bytes.
   *
   * @param challenges audit challenges the uploader precomputed (kept for new chunks only)
   */
  public record Confirmation(String chunkId, byte[] plainHash, long plainSizeBytes,
      long storedSizeBytes, int keyVersion, List<Long> deviceIds,
      List<AuditChallenge> challenges) {

    public Confirmation {
      challenges = challenges == null ? List.of() : List.copyOf(challenges);
    }

    /** A confirmation without audit challenges. */
    public Confirmation(String chunkId, byte[] plainHash, long plainSizeBytes,
        long storedSizeBytes, int keyVersion, List<Long> deviceIds) {
      this(chunkId, plainHash, plainSizeBytes, storedSizeBytes, keyVersion, deviceIds, List.of());
    }
  }

  /** Keys, and ids of sufficiently replicated chunks, for plaintext hashes, in request order. */
  @jakarta.inject.Inject
  org.peervault.repository.keys.KeyRequests keyRequests;

  @Transactional
  public List<KeyAnswer> lookup(Caller caller, List<byte[]> plainHashes) {
    if (plainHashes.size() > MAX_LOOKUP) {
      throw PeerVaultException.invalid("lookup-too-large", "lookup: at most " + MAX_LOOKUP
          + " hashes per call, got " + plainHashes.size() + "; split the request");
    }
    Set<ByteBuffer> distinct = new LinkedHashSet<>();
    for (int i = 0; i < plainHashes.size(); i++) {
      if (plainHashes.get(i).length != ChunkKeyDerivation.HASH_BYTES) {
        throw PeerVaultException.invalid("invalid-plain-hash", "lookup: hash #" + i + " has "
            + plainHashes.get(i).length + " bytes; plain hashes are SHA-256, 32 bytes");
      }
      distinct.add(ByteBuffer.wrap(plainHashes.get(i)));
    }
    if (distinct.isEmpty()) {
      return List.of();
    }
    keyRequests.admit(caller, plainHashes.size());
    Map<ByteBuffer, ChunkStore.Known> known = new HashMap<>();
    for (ChunkStore.Known k : chunks.findByPlainHashes(caller.organizationId(),
        distinct.stream().map(ByteBuffer::array).toList())) {
      known.put(ByteBuffer.wrap(k.plainHash()), k);
    }
    chunks.touch(known.values().stream().map(ChunkStore.Known::id).toList());
    int current = keyRing.currentVersion(caller.organizationId());
    int required = policy.requiredReplicas();
    List<KeyAnswer> answers = new ArrayList<>(plainHashes.size());
    for (byte[] hash : plainHashes) {
      ChunkStore.Known k = known.get(ByteBuffer.wrap(hash));
      int version = k != null ? k.keyVersion() : current;
      String chunkId = k != null && k.replicas() >= required ? k.id() : "";
      answers.add(new KeyAnswer(hash, keyRing.chunkKey(caller.organizationId(), version, hash),
          version, chunkId));
    }
    LOG.debugf("catalog: lookup device=%d hashes=%d known=%d", caller.deviceId(),
        plainHashes.size(), known.size());
    return answers;
  }

  /** Records confirmed replicas; returns how many (chunk, peer) pairs are now on record. */
  @Transactional
  public int confirm(Caller caller, List<Confirmation> confirmations) {
    if (confirmations.size() > MAX_CONFIRM) {
      throw PeerVaultException.invalid("confirm-too-large", "confirm: at most " + MAX_CONFIRM
          + " chunks per call, got " + confirmations.size() + "; split the request");
    }
    Map<String, Confirmation> byId = merged(caller, confirmations);
    if (byId.isEmpty()) {
      return 0;
    }
    checkDevices(caller, byId.values());
    List<ChunkStore.NewChunk> fresh = newChunks(caller, byId);
    int added = chunks.insertIfAbsent(caller.organizationId(), fresh);
    chunks.touch(byId.keySet());
    Map<String, List<AuditChallenge>> challenges = new LinkedHashMap<>();
    for (ChunkStore.NewChunk chunk : fresh) {
      List<AuditChallenge> offered = byId.get(chunk.id()).challenges();
      if (!offered.isEmpty()) {
        challenges.put(chunk.id(), offered);
      }
    }
    if (!challenges.isEmpty()) {
      challengesEvent.fire(new ChallengesOffered(challenges));
    }
    Map<String, Set<Long>> holders = new LinkedHashMap<>();
    List<ReplicaStore.Pair> pairs = new ArrayList<>();
    for (Confirmation c : byId.values()) {
      for (long deviceId : new LinkedHashSet<>(c.deviceIds())) {
        pairs.add(new ReplicaStore.Pair(c.chunkId(), deviceId));
        holders.computeIfAbsent(c.chunkId(), k -> new HashSet<>()).add(deviceId);
      }
    }
    int newReplicas = replicas.insertIfAbsent(pairs);
    confirmedEvent.fire(new ReplicasConfirmed(holders));
    LOG.infof("catalog: replicas confirmed device=%d chunks=%d newChunks=%d replicas=%d"
        + " newReplicas=%d", caller.deviceId(), byId.size(), added, pairs.size(), newReplicas);
    return pairs.size();
  }

  private static Map<String, Confirmation> merged(Caller caller, List<Confirmation> all) {
    Map<String, Confirmation> byId = new LinkedHashMap<>();
    for (Confirmation c : all) {
      String what = "confirm: chunk " + PathRules.quote(c.chunkId());
      if (!Chunk.isValidId(c.chunkId())) {
        throw PeerVaultException.invalid("invalid-chunk-id", what
            + " is not 64 lowercase hex digits (hex SHA-256 of the ciphertext)");
      }
      if (c.plainHash() == null || c.plainHash().length != ChunkKeyDerivation.HASH_BYTES) {
        throw PeerVaultException.invalid("invalid-plain-hash", what
            + ": plain hash must be 32 bytes");
      }
      if (c.plainSizeBytes() < 0 || c.storedSizeBytes() < 0 || c.keyVersion() < 1) {
        throw PeerVaultException.invalid("invalid-chunk", what
            + ": sizes must not be negative and key_version starts at 1");
      }
      if (c.deviceIds().isEmpty() || c.deviceIds().size() > MAX_HOLDERS) {
        throw PeerVaultException.invalid("invalid-holders", what + ": name 1 to " + MAX_HOLDERS
            + " peers that acknowledged it");
      }
      if (c.challenges().size() > AuditChallenge.MAX_PER_CHUNK) {
        throw PeerVaultException.invalid("invalid-challenges", what + ": at most "
            + AuditChallenge.MAX_PER_CHUNK + " audit challenges per chunk, got "
            + c.challenges().size());
      }
      for (AuditChallenge challenge : c.challenges()) {
        if (challenge.problem() != null) {
          throw PeerVaultException.invalid("invalid-challenges", what + ": "
              + challenge.problem());
        }
      }
      if (c.deviceIds().contains(caller.deviceId())) {
        throw PeerVaultException.invalid("invalid-holders", what + ": the calling device cannot"
            + " hold replicas of its own backup; store it on peers");
      }
      Confirmation previous = byId.get(c.chunkId());
      if (previous == null) {
        byId.put(c.chunkId(), c);
      } else if (!sameChunk(previous, c)) {
        throw PeerVaultException.invalid("inconsistent-chunk", what
            + " appears twice with different hashes, sizes or key versions");
      } else {
        List<Long> ids = new ArrayList<>(previous.deviceIds());
        ids.addAll(c.deviceIds());
        List<AuditChallenge> challenges = new ArrayList<>(previous.challenges());
        challenges.addAll(c.challenges());
        byId.put(c.chunkId(), new Confirmation(c.chunkId(), c.plainHash(), c.plainSizeBytes(),
            c.storedSizeBytes(), c.keyVersion(), ids, challenges));
      }
    }
    return byId;
  }

  private void checkDevices(Caller caller, Iterable<Confirmation> confirmations) {
    Set<Long> named = new HashSet<>();
    confirmations.forEach(c -> named.addAll(c.deviceIds()));
    Set<Long> active = new HashSet<>();
    for (Device d : devices.findInOrganization(caller.organizationId(), named)) {
      if (d.status == Device.Status.ACTIVE) {
        active.add(d.id);
      }
    }
    for (Long id : named) {
      if (!active.contains(id)) {
        throw PeerVaultException.denied("foreign-device", "confirm: device " + id
            + " is not an active peer of your organization");
      }
    }
  }

  /** Checks the confirmations against recorded chunks and returns those to record. */
  private List<ChunkStore.NewChunk> newChunks(Caller caller, Map<String, Confirmation> byId) {
    Map<ByteBuffer, Confirmation> byHash = new HashMap<>();
    for (Confirmation c : byId.values()) {
      Confirmation other = byHash.putIfAbsent(ByteBuffer.wrap(c.plainHash()), c);
      if (other != null) {
        throw PeerVaultException.invalid("inconsistent-chunk", "confirm: chunks "
            + Chunk.shortId(other.chunkId()) + " and " + Chunk.shortId(c.chunkId())
            + " claim the same plaintext; one plaintext has one chunk");
      }
    }
    Set<String> recorded = new HashSet<>();
    for (ChunkStore.Row row : chunks.findByIdsOrPlainHashes(caller.organizationId(),
        byId.keySet(), byId.values().stream().map(Confirmation::plainHash).toList())) {
      Confirmation c = byId.get(row.id());
      if (c == null) {
        Confirmation sameText = byHash.get(ByteBuffer.wrap(row.plainHash()));
        throw PeerVaultException.precondition("plaintext-stored-as-other-chunk", "confirm: the"
            + " plaintext of chunk " + sameText.chunkId() + " is already stored as chunk "
            + row.id() + "; look it up again and reference that chunk");
      }
      if (row.organizationId() != caller.organizationId()
          || !Arrays.equals(row.plainHash(), c.plainHash())) {
        throw PeerVaultException.precondition("chunk-id-conflict", "confirm: chunk " + row.id()
            + " is already recorded for different content");
      }
      if (row.plainSizeBytes() != c.plainSizeBytes()
          || row.storedSizeBytes() != c.storedSizeBytes() || row.keyVersion() != c.keyVersion()) {
        throw PeerVaultException.invalid("inconsistent-chunk", "confirm: chunk " + row.id()
            + " is recorded with plain size " + row.plainSizeBytes() + ", stored size "
            + row.storedSizeBytes() + " and key version " + row.keyVersion()
            + "; the confirmation says otherwise");
      }
      if (row.collecting()) {
        throw PeerVaultException.precondition("chunk-being-collected", "confirm: chunk "
            + row.id() + " is being deleted from peers by garbage collection; back up again"
            + " once the deletion is over (the next retention run)");
      }
      recorded.add(row.id());
    }
    List<ChunkStore.NewChunk> fresh = new ArrayList<>();
    for (Confirmation c : byId.values()) {
      if (recorded.contains(c.chunkId())) {
        continue;
      }
      if (!keyRing.hasVersion(caller.organizationId(), c.keyVersion())) {
        throw PeerVaultException.invalid("unknown-key-version", "confirm: chunk " + c.chunkId()
            + " uses key version " + c.keyVersion() + ", which your organization does not have");
      }
      fresh.add(new ChunkStore.NewChunk(c.chunkId(), c.plainHash(), c.plainSizeBytes(),
          c.storedSizeBytes(), c.keyVersion()));
    }
    return fresh;
  }

  private static boolean sameChunk(Confirmation a, Confirmation b) {
    return Arrays.equals(a.plainHash(), b.plainHash()) && a.plainSizeBytes() == b.plainSizeBytes()
        && a.storedSizeBytes() == b.storedSizeBytes() && a.keyVersion() == b.keyVersion();
  }
}
