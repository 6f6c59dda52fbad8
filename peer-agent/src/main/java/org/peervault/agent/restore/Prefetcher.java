package org.peervault.agent.restore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import io.grpc.Status;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PeerRef;

/**
 * Fetches a restore's chunks ahead of the files that need them. The restore lists every chunk
 * use in the order its files will be written (the sequence); a scheduler thread walks it, and
 * gathers the chunks not already on their way into batches that go out as one {@code FetchChunks}
 * stream per replica chosen (rotating over the replicas, peers found unreachable last), with the
 * plan's grant for that peer. A chunk a stream could not deliver is fetched alone from its other
 * replicas; when a peer refused an expired grant, after the plan's grants were renewed. Memory stays within {@code windowBytes} of sealed sizes: the scheduler waits while the
 * uses it scheduled and nobody took yet fill the window. Each use is taken once with
 * {@link #take} or given up with {@link #skip}; a chunk used twice close together is fetched once.
 */
final class Prefetcher {
  /** A batch is sent when it holds this many bytes or chunks. */
  private static final long BATCH_BYTES = 4 << 20;
  private static final int BATCH_CHUNKS = 512;

  /** A chunk on its way or arrived, and how many scheduled uses have not taken it yet. */
  private static final class Entry {
    final ChunkLocation location;
    final CompletableFuture<byte[]> plain = new CompletableFuture<>();
    int uses;

    Entry(ChunkLocation location) {
      this.location = location;
    }
  }

  private final ChunkFetcher fetcher;
  private final PlanGrants grants;
  private final List<ChunkLocation> sequence;
  private final long windowBytes;
  private final Semaphore window;
  private final Executor fallbacks;
  private final AtomicLong nextReplica = new AtomicLong();
  private final Map<String, Entry> live = new HashMap<>();
  private final List<CompletableFuture<Entry>> slots;
  private volatile boolean closed;

  Prefetcher(ChunkFetcher fetcher, PlanGrants grants, List<ChunkLocation> sequence, long windowBytes,
      Executor fallbacks) {
    this.fetcher = fetcher;
    this.grants = grants;
    this.sequence = sequence;
    this.windowBytes = windowBytes;
    this.window = new Semaphore((int) Math.min(Integer.MAX_VALUE, windowBytes));
    this.fallbacks = fallbacks;
    this.slots = new ArrayList<>(sequence.size());
    for (int i = 0; i < sequence.size(); i++) {
      slots.add(new CompletableFuture<>());
    }
  }

  /** Starts the scheduler on a daemon thread. */
  Prefetcher start() {
    Thread scheduler = new Thread(this::schedule, "restore-prefetch");
    scheduler.setDaemon(true);
    scheduler.start();
    return this;
  }

  /**
   * The plaintext of the chunk at {@code position} of the sequence; waits for it.
   *
   * @throws ChunkFetcher.FetchException when no replica delivered it
   */
  byte[] take(int position) {
    Entry entry = slots.get(position).join();
    try {
      return entry.plain.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      release(position, entry);
    }
  }

  /** Gives up the use at {@code position} without reading it (its file failed or is kept). */
  void skip(int position) {
    release(position, slots.get(position).join());
  }

  /** Stops scheduling; uses not yet scheduled fail. */
  void close() {
    closed = true;
    slots.forEach(s -> s.completeExceptionally(new IllegalStateException("restore: prefetch stopped")));
  }

  private void release(int position, Entry entry) {
    synchronized (live) {
      if (--entry.uses == 0) {
        live.remove(entry.location.getChunkId(), entry);
      }
    }
    window.release(permits(position));
  }

  private int permits(int position) {
    return (int) Math.max(1, Math.min(windowBytes, sequence.get(position).getStoredSizeBytes()));
  }

  private void schedule() {
    List<Entry> batch = new ArrayList<>();
    long batchBytes = 0;
    try {
      for (int position = 0; position < sequence.size() && !closed; position++) {
        int permits = permits(position);
        if (!window.tryAcquire(permits)) {
          send(batch);
          batch = new ArrayList<>();
          batchBytes = 0;
          window.acquire(permits);
        }
        ChunkLocation planned = sequence.get(position);
        Entry entry;
        synchronized (live) {
          entry = live.get(planned.getChunkId());
          if (entry == null) {
            entry = new Entry(planned);
            live.put(planned.getChunkId(), entry);
            batch.add(entry);
            batchBytes += planned.getStoredSizeBytes();
          }
          entry.uses++;
        }
        slots.get(position).complete(entry);
        if (batchBytes >= BATCH_BYTES || batch.size() >= BATCH_CHUNKS) {
          send(batch);
          batch = new ArrayList<>();
          batchBytes = 0;
        }
      }
      send(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    } catch (RuntimeException e) {
      slots.forEach(s -> s.completeExceptionally(e));
    }
  }

  /** One stream per chosen replica and plan batch (a grant covers the chunks of its plan batch). */
  private void send(List<Entry> batch) {
    record Stream(PeerRef peer, Grant grant) {}
    Map<Stream, List<Entry>> streams = new LinkedHashMap<>();
    for (Entry entry : batch) {
      PeerRef peer = choose(entry.location.getReplicasList());
      Grant grant = peer == null ? null : grants.grant(entry.location.getChunkId(), peer.getDeviceId());
      if (grant == null) {
        fallBack(entry, Status.OK);
      } else {
        streams.computeIfAbsent(new Stream(peer, grant), s -> new ArrayList<>()).add(entry);
      }
    }
    streams.forEach((stream, entries) -> {
      Map<String, Entry> byId = new HashMap<>();
      entries.forEach(e -> byId.put(e.location.getChunkId(), e));
      fetcher.fetchFrom(stream.peer(), stream.grant(), entries.stream().map(e -> e.location).toList(),
          (location, plain) -> byId.get(location.getChunkId()).plain.complete(plain),
          (location, status) -> fallBack(byId.get(location.getChunkId()), status));
    });
  }

  private byte[] fetchAlone(Entry entry, int start) {
    return fetcher.fetch(entry.location, start, peer -> {
      Grant grant = grants.grant(entry.location.getChunkId(), peer);
      return grant != null ? grant : entry.location.getGrant();
    });
  }

  /** The next replica in rotation that was not found unreachable, else the next one. */
  private PeerRef choose(List<PeerRef> replicas) {
    if (replicas.isEmpty()) {
      return null;
    }
    int start = (int) Math.floorMod(nextReplica.getAndIncrement(), (long) replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      PeerRef peer = replicas.get((start + i) % replicas.size());
      if (!fetcher.unreachable(peer.getDeviceId())) {
        return peer;
      }
    }
    return replicas.get(start);
  }

  /**
   * Fetches one chunk alone, replica after replica; when a stream failed for an expired grant,
   * after fresh grants were fetched.
   */
  private void fallBack(Entry entry, Status why) {
    int start = (int) nextReplica.getAndIncrement();
    CompletableFuture.supplyAsync(() -> {
      if (PlanGrants.expired(why)) {
        grants.renew();
      }
      try {
        return fetchAlone(entry, start);
      } catch (ChunkFetcher.FetchException e) {
        // a single fetch refused on every replica may have met expired grants too
        if (e.getMessage().contains(Status.Code.PERMISSION_DENIED.name()) && grants.renew()) {
          return fetchAlone(entry, start + 1);
        }
        throw e;
      }
    }, fallbacks)
        .whenComplete((plain, error) -> {
          if (error != null) {
            entry.plain.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error);
          } else {
            entry.plain.complete(plain);
          }
        });
  }
}
