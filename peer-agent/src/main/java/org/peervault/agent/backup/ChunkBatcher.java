package org.peervault.agent.backup;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.security.SecureRandom;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.StorageProof;
import org.peervault.agent.seal.SealedChunk;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkUploader;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.AuditChallenge;
import org.peervault.proto.v1.ChunkKey;
import org.peervault.proto.v1.ChunkToPlace;
import org.peervault.proto.v1.ConfirmedChunk;
import org.peervault.proto.v1.PlaceChunksResponse;
import org.peervault.proto.v1.Placement;

/**
 * Collects claimed chunks into batches and gets each batch stored: one key lookup, sealing on a CPU
 * pool, one placement call, one stream to each placed peer, one confirmation. At most {@code batchWindow}
 * batches are in flight; {@link #add} blocks the reader when the window is full. The first failure
 * fails every later call. Used by one reading thread; backups and the S3 gateway's object writes
 * both store their chunks through it.
 */
public final class ChunkBatcher implements AutoCloseable {
  private final RepositoryClient repository;
  private final ChunkUploader uploader;
  private final Sealer sealer;
  private final BackupSettings settings;
  private final Semaphore window;
  private final ExecutorService batches;
  private final ExecutorService seals;
  private final UploadLimiter limiter;
  private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong newChunks = new AtomicLong();
  private final AtomicLong knownChunks = new AtomicLong();
  private final AtomicLong uploadedBytes = new AtomicLong();
  private final PlacedAvailability placed = new PlacedAvailability();
  private List<Claim> current = new ArrayList<>();
  private long currentBytes;

  /** Audit challenges computed for each new chunk (the repository accepts up to 16). */
  static final int AUDIT_CHALLENGES_PER_CHUNK = 4;

  private final SecureRandom random = new SecureRandom();

  private record Claim(ByteString plainHash, byte[] plain, CompletableFuture<ChunkId> result) {}

  private record Sealed(Claim claim, ChunkKey key, SealedChunk chunk) {}

  public ChunkBatcher(RepositoryClient repository, ChunkUploader uploader, Sealer sealer,
      BackupSettings settings) {
    this.repository = repository;
    this.uploader = uploader;
    this.sealer = sealer;
    this.settings = settings;
    this.window = new Semaphore(settings.batchWindow());
    this.limiter = UploadLimiter.of(settings.uploadBytesPerSecond());
    int priority = settings.lowPriority() ? Thread.MIN_PRIORITY : Thread.NORM_PRIORITY;
    this.batches = Executors.newFixedThreadPool(settings.batchWindow(), daemon("backup-batch", priority));
    this.seals = Executors.newFixedThreadPool(settings.sealThreads(), daemon("backup-seal", priority));
  }

  /** Queues a claimed chunk; {@code result} completes with its id once it is stored or known. */
  public void add(ByteString plainHash, byte[] plain, CompletableFuture<ChunkId> result) {
    rethrowFailure();
    current.add(new Claim(plainHash, plain, result));
    currentBytes += plain.length;
    if (currentBytes >= settings.batchBytes()) {
      flush();
    }
  }

  /** Sends the partly filled batch on its way. */
  public void flush() {
    if (current.isEmpty()) {
      return;
    }
    List<Claim> batch = current;
    current = new ArrayList<>();
    currentBytes = 0;
    window.acquireUninterruptibly();
    inFlight.add(CompletableFuture.runAsync(() -> store(batch), batches).whenComplete((ok, error) -> {
      window.release();
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        failure.compareAndSet(null, cause);
        batch.forEach(claim -> claim.result().completeExceptionally(cause));
      }
    }));
  }

  /** Waits for every batch; rethrows the first failure. */
  public void awaitAll() {
    for (CompletableFuture<Void> batch : inFlight) {
      try {
        batch.join();
      } catch (CompletionException ignored) {
        // recorded in failure by the batch's own completion handler
      }
    }
    rethrowFailure();
  }

  private void store(List<Claim> batch) {
    List<ChunkKey> keys = repository.lookup(batch.stream().map(c -> c.plainHash().toByteArray()).toList());
    List<CompletableFuture<Sealed>> sealing = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Claim claim = batch.get(i);
      ChunkKey key = keys.get(i);
      if (!key.getChunkId().isEmpty()) {
        knownChunks.incrementAndGet();
        claim.result().complete(ChunkId.parse(key.getChunkId()));
      } else {
        sealing.add(CompletableFuture.supplyAsync(
            () -> new Sealed(claim, key, sealer.seal(claim.plain(), key.getKey().toByteArray())), seals));
      }
    }
    if (sealing.isEmpty()) {
      return;
    }
    List<Sealed> sealed = sealing.stream().map(CompletableFuture::join).toList();
    PlaceChunksResponse response = repository.place(sealed.stream().map(s -> ChunkToPlace.newBuilder()
        .setChunkId(s.chunk().id().hex()).setStoredSizeBytes(s.chunk().bytes().length).build()).toList(),
        uploader.failedPeers());
    Map<String, Placement> placements = new HashMap<>();
    for (Placement placement : response.getPlacementsList()) {
      placements.put(placement.getChunkId(), placement);
      placed.add(placement);
    }
    List<ChunkUploader.Outgoing> outgoing = new ArrayList<>(sealed.size());
    long sendBytes = 0;
    for (Sealed s : sealed) {
      Placement placement = placements.get(s.chunk().id().hex());
      if (placement == null) {
        throw new IllegalStateException("repository returned no placement for chunk " + s.chunk().id().shortId());
      }
      outgoing.add(new ChunkUploader.Outgoing(s.chunk().id(), s.chunk().bytes(), placement));
      sendBytes += (long) s.chunk().bytes().length * placement.getRequiredReplicas();
    }
    limiter.acquire(sendBytes);
    // Proofs of storage to audit the peers with later, computed while the chunks travel.
    CompletableFuture<List<ConfirmedChunk.Builder>> proofs = CompletableFuture.supplyAsync(
        () -> sealed.stream().map(this::proofs).toList(), seals);
    Map<ChunkId, List<Long>> stored = uploader.upload(outgoing, response);
    List<ConfirmedChunk> confirmed = new ArrayList<>(sealed.size());
    List<ConfirmedChunk.Builder> built = proofs.join();
    for (int i = 0; i < sealed.size(); i++) {
      List<Long> peers = stored.get(sealed.get(i).chunk().id());
      uploadedBytes.addAndGet((long) sealed.get(i).chunk().bytes().length * peers.size());
      confirmed.add(built.get(i).addAllDeviceIds(peers).build());
    }
    repository.confirm(confirmed);
    for (Sealed s : sealed) {
      s.claim().result().complete(s.chunk().id());
    }
    newChunks.addAndGet(sealed.size());
  }

  /** A chunk's confirmation but for its peers, with the audit challenges computed from its sealed bytes. */
  private ConfirmedChunk.Builder proofs(Sealed s) {
    ConfirmedChunk.Builder confirmed = ConfirmedChunk.newBuilder();
    for (StorageProof.Challenge c : StorageProof.challenges(s.chunk().bytes(),
        AUDIT_CHALLENGES_PER_CHUNK, random)) {
      confirmed.addChallenges(AuditChallenge.newBuilder().setNonce(ByteString.copyFrom(c.nonce()))
          .setDigest(ByteString.copyFrom(c.digest())));
    }
    return confirmed
        .setChunkId(s.chunk().id().hex())
        .setPlainHash(s.claim().plainHash())
        .setPlainSizeBytes(s.claim().plain().length)
        .setStoredSizeBytes(s.chunk().bytes().length)
        .setKeyVersion(s.key().getKeyVersion());
  }

  private void rethrowFailure() {
    Throwable error = failure.get();
    if (error instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (error instanceof Error fatal) {
      throw fatal;
    }
    if (error != null) {
      throw new IllegalStateException("backup failed: " + error.getMessage(), error);
    }
  }

  long newChunks() {
    return newChunks.get();
  }

  long knownChunks() {
    return knownChunks.get();
  }

  long uploadedBytes() {
    return uploadedBytes.get();
  }

  /** The availability of the placements of this run so far. */
  PlacedAvailability placed() {
    return placed;
  }

  @Override
  public void close() {
    batches.shutdownNow();
    seals.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name, int priority) {
    AtomicLong counter = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
      t.setDaemon(true);
      t.setPriority(priority);
      return t;
    };
  }
}
