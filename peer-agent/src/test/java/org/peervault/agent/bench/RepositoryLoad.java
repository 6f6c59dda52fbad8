package org.peervault.agent.bench;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.ChunkKey;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.ChunkToPlace;
import org.peervault.proto.v1.ConfirmedChunk;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.Placement;
import org.peervault.proto.v1.SnapshotStats;

/**
 * The repository under concurrent agents, over gRPC with mutual TLS against the real service: each
 * enrolled agent (one state directory each, one thread each) first records a few chunks, then for
 * {@code seconds} commits snapshots of file versions (AddFiles of {@code FILES_PER_CALL}, then
 * CommitSnapshot), then for {@code seconds} asks for placements of {@code CHUNKS_PER_CALL} chunks
 * of {@code PLACED_BYTES}.
 * Prints two {@code repository} result lines: file versions committed per second and placement
 * decisions per second, summed over the agents.
 *
 * <pre>java ... RepositoryLoad SECONDS STATE_DIR...</pre>
 */
public final class RepositoryLoad {
  private static final int FILES_PER_CALL = 1000;
  private static final int CALLS_PER_SNAPSHOT = 10;
  private static final int CHUNKS_PER_CALL = 256;
  private static final int KNOWN_CHUNKS = 64;
  /**
   * Stored size of the chunks placed: a small chunk, because each placement reserves its size on
   * the chosen peers for a while, and big ones would fill the peers' quotas within seconds.
   */
  private static final int PLACED_BYTES = 64 * 1024;

  private record Known(String chunkId, ByteString plainHash) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RepositoryLoad SECONDS STATE_DIR...");
      System.exit(2);
    }
    double seconds = Double.parseDouble(args[0]);
    List<RepositoryClient> clients = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      AgentState state = AgentState.load(Path.of(args[i]));
      IdentityFiles.Stored stored = IdentityFiles.load(state.stateDir());
      clients.add(RepositoryClient.connect(state.repository(), new DeviceIdentity(state.deviceId(),
          state.organizationId(), stored.key(), stored.certificate(), stored.caCertificate())));
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    try {
      List<List<Known>> known = run(pool, clients, (client, n) -> knownChunks(client, n));
      long start = System.nanoTime();
      long versions = sum(run(pool, clients, (client, n) -> commit(client, n, known.get(n), seconds)));
      print("file_version_commits", clients.size(), versions, (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      long placements = sum(run(pool, clients, (client, n) -> place(client, n, seconds)));
      print("placement_decisions", clients.size(), placements, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
      clients.forEach(RepositoryClient::close);
    }
  }

  private interface PerAgent<T> {
    T call(RepositoryClient client, int n) throws Exception;
  }

  private static <T> List<T> run(ExecutorService pool, List<RepositoryClient> clients, PerAgent<T> work)
      throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int n = 0; n < clients.size(); n++) {
      int agent = n;
      futures.add(pool.submit((Callable<T>) () -> work.call(clients.get(agent), agent)));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get());
    }
    return results;
  }

  private static long sum(List<Long> counts) {
    return counts.stream().mapToLong(Long::longValue).sum();
  }

  /** Records {@link #KNOWN_CHUNKS} chunks as an agent would after uploading them. */
  private static List<Known> knownChunks(RepositoryClient client, int agent) {
    SplittableRandom random = new SplittableRandom(System.nanoTime() + agent);
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < KNOWN_CHUNKS; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      hashes.add(hash);
    }
    List<ChunkKey> keys = client.lookup(hashes);
    List<ChunkToPlace> wanted = new ArrayList<>();
    for (int i = 0; i < KNOWN_CHUNKS; i++) {
      wanted.add(ChunkToPlace.newBuilder().setChunkId(randomId(random)).setStoredSizeBytes(1 << 20).build());
    }
    List<Placement> placements = client.place(wanted, List.of()).getPlacementsList();
    List<ConfirmedChunk> confirmed = new ArrayList<>();
    List<Known> known = new ArrayList<>();
    for (int i = 0; i < KNOWN_CHUNKS; i++) {
      Placement p = placements.get(i);
      ConfirmedChunk.Builder c = ConfirmedChunk.newBuilder().setChunkId(p.getChunkId())
          .setPlainHash(ByteString.copyFrom(hashes.get(i))).setPlainSizeBytes(1 << 20)
          .setStoredSizeBytes(1 << 20).setKeyVersion(keys.get(i).getKeyVersion());
      p.getPeersList().stream().limit(p.getRequiredReplicas()).forEach(peer -> c.addDeviceIds(peer.getDeviceId()));
      confirmed.add(c.build());
      known.add(new Known(p.getChunkId(), ByteString.copyFrom(hashes.get(i))));
    }
    client.confirm(confirmed);
    return known;
  }

  private static long commit(RepositoryClient client, int agent, List<Known> known, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long committed = 0;
    for (int snapshot = 0; System.nanoTime() < deadline; snapshot++) {
      long id = client.beginSnapshot("load-" + agent, List.of("/load")).getSnapshotId();
      long files = 0;
      for (int call = 0; call < CALLS_PER_SNAPSHOT; call++) {
        List<FileVersion> versions = new ArrayList<>(FILES_PER_CALL);
        for (int f = 0; f < FILES_PER_CALL; f++) {
          Known chunk = known.get((int) ((files + f) % known.size()));
          versions.add(FileVersion.newBuilder().setPath("load/s" + snapshot + "/dir" + call + "/file-" + f + ".txt")
              .setKind(FileKind.FILE_KIND_REGULAR).setSizeBytes(1 << 20).setMode(0644)
              .setMtimeMillis(1_700_000_000_000L + f).addChunks(ChunkRef.newBuilder().setChunkId(chunk.chunkId())
                  .setPlainSizeBytes(1 << 20).setPlainHash(chunk.plainHash())).build());
        }
        client.addFiles(id, versions);
        files += versions.size();
      }
      client.commitSnapshot(id, SnapshotStats.newBuilder().setFiles(files).setBytes(files << 20).build());
      committed += files;
    }
    return committed;
  }

  private static long place(RepositoryClient client, int agent, double seconds) {
    SplittableRandom random = new SplittableRandom(System.nanoTime() + agent);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long decisions = 0;
    while (System.nanoTime() < deadline) {
      List<ChunkToPlace> wanted = new ArrayList<>(CHUNKS_PER_CALL);
      for (int i = 0; i < CHUNKS_PER_CALL; i++) {
        wanted.add(ChunkToPlace.newBuilder().setChunkId(randomId(random)).setStoredSizeBytes(PLACED_BYTES).build());
      }
      decisions += client.place(wanted, List.of()).getPlacementsCount();
    }
    return decisions;
  }

  private static String randomId(SplittableRandom random) {
    byte[] id = new byte[32];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  private static void print(String name, int agents, long count, double seconds) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("agents", agents);
    values.put("count", count);
    values.put("wall_s", String.format("%.2f", seconds));
    values.put("per_s", String.format("%.0f", count / seconds));
    System.out.println(ResultLine.format("repository", values));
  }
}
