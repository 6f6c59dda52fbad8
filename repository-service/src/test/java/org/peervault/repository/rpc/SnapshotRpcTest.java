package org.peervault.repository.rpc;

import com.google.protobuf.ByteString;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.AddFilesRequest;
import org.peervault.proto.v1.BeginSnapshotRequest;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.CommitSnapshotRequest;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.ListSnapshotsRequest;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PlanRestoreRequest;
import org.peervault.proto.v1.RestoreBatch;
import org.peervault.proto.v1.Snapshot;
import org.peervault.proto.v1.SnapshotStats;
import org.peervault.repository.testdb.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SnapshotRpcTest extends RpcTestSupport {
  private static final long GiB = 1L << 30;

  private Org org;
  private Agent owner;
  private Agent peerA;
  private Agent peerB;

  @BeforeEach
  void fleet() {
    org = newOrganization("snapshots");
    owner = org.register("owner", GiB, "hq", "10.0.1");
    peerA = org.register("peer-a", GiB, "hq", "10.0.2");
    peerB = org.register("peer-b", GiB, "branch", "10.1.1");
  }

  private long begin(Agent agent) {
    return agent.stub().beginSnapshot(BeginSnapshotRequest.newBuilder().setHost("host-1")
        .addRoots("/home/alice").build()).getSnapshotId();
  }

  private static AddFilesRequest add(long snapshotId, FileVersion... files) {
    return AddFilesRequest.newBuilder().setSnapshotId(snapshotId).addAllFiles(List.of(files))
        .build();
  }

  private static Snapshot commit(Agent agent, long snapshotId, long files) {
    return agent.stub().commitSnapshot(CommitSnapshotRequest.newBuilder()
        .setSnapshotId(snapshotId).setStats(SnapshotStats.newBuilder().setFiles(files)
            .setBytes(files * 10).setNewChunks(1).setUploadedBytes(77)).build()).getSnapshot();
  }

  private static List<RestoreBatch> restore(Agent agent, PlanRestoreRequest request) {
    List<RestoreBatch> batches = new ArrayList<>();
    Iterator<RestoreBatch> it = agent.stub().planRestore(request);
    it.forEachRemaining(batches::add);
    return batches;
  }

  private static List<FileVersion> files(List<RestoreBatch> batches) {
    return batches.stream().flatMap(b -> b.getFilesList().stream()).toList();
  }

  private FakeChunk replicated(long size) {
    FakeChunk c = FakeChunk.random(size);
    c.confirmOn(owner, peerA, peerB);
    return c;
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(5);
  }

  @Test
  void beginAddCommitListAndRestoreASnapshot() {
    FakeChunk c1 = replicated(100);
    FakeChunk c2 = replicated(50);
    long id = begin(owner);
    FileVersion file = regularFile("docs/report.txt", 1_700_000_000_000L, c1, c2);
    FileVersion dir = FileVersion.newBuilder().setPath("docs").setKind(
        FileKind.FILE_KIND_DIRECTORY).setMode(0755).build();
    FileVersion link = FileVersion.newBuilder().setPath("docs/latest").setKind(
        FileKind.FILE_KIND_SYMLINK).setMode(0777).setLinkTarget("report.txt").build();
    FileVersion empty = regularFile("empty", 1);
    assertThat(owner.stub().addFiles(add(id, file, dir, link, empty)).getAccepted())
        .isEqualTo(4);
    assertThat(owner.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance())
        .getSnapshotsList()).as("open snapshots are invisible").isEmpty();
    assertThat(failure(() -> restore(owner, PlanRestoreRequest.newBuilder()
        .setSnapshotId(id).build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);

    Snapshot committed = commit(owner, id, 4);
    assertThat(committed.getId()).isEqualTo(id);
    assertThat(committed.getDeviceId()).isEqualTo(owner.deviceId());
    assertThat(committed.getRootsList()).containsExactly("/home/alice");
    assertThat(committed.getFinishedAtMillis()).isGreaterThanOrEqualTo(
        committed.getStartedAtMillis());
    assertThat(committed.getStats().getFiles()).isEqualTo(4);
    assertThat(commit(owner, id, 4)).as("committing again is harmless").isEqualTo(committed);

    List<Snapshot> listed = owner.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance())
        .getSnapshotsList();
    assertThat(listed).containsExactly(committed);
    // Another device of the organization sees them only on behalf of their owner (UserAccessIT).
    assertThat(failure(() -> peerA.stub().listSnapshots(ListSnapshotsRequest.newBuilder()
        .setDeviceId(owner.deviceId()).build())).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);

    List<RestoreBatch> batches = restore(owner, PlanRestoreRequest.newBuilder()
        .setSnapshotId(id).build());
    assertThat(paths(files(batches))).containsExactly("docs", "docs/latest",
        "docs/report.txt", "empty");
    assertThat(files(batches).get(2)).isEqualTo(asPlanned(file));
    assertThat(files(batches).get(1)).isEqualTo(link);
    List<ChunkLocation> chunks = batches.stream().flatMap(b -> b.getChunksList().stream())
        .toList();
    assertThat(chunks).extracting(ChunkLocation::getChunkId).containsExactly(c1.id(), c2.id());
    ChunkLocation first = chunks.get(0);
    assertThat(first.getStoredSizeBytes()).isEqualTo(c1.storedSize());
    assertThat(first.getReplicasList()).extracting(PeerRef::getDeviceId)
        .containsExactlyInAnyOrder(peerA.deviceId(), peerB.deviceId());
    assertThat(first.getKey()).isEqualTo(owner.stub().lookupChunks(LookupChunksRequest
        .newBuilder().addPlainHashes(c1.hash()).build()).getKeys(0).getKey());

    List<RestoreBatch> filtered = restore(owner, PlanRestoreRequest.newBuilder()
        .setDeviceId(owner.deviceId()).setSnapshotId(id).addPaths("docs/report.txt").build());
    assertThat(paths(files(filtered))).containsExactly("docs/report.txt");
    assertThat(paths(files(restore(owner, PlanRestoreRequest.newBuilder().setSnapshotId(id)
        .addPaths("docs/").build())))).containsExactly("docs", "docs/latest", "docs/report.txt");
  }

  @Test
  void liveReplicasAreListedFirst() throws InterruptedException {
    FakeChunk c = replicated(10);
    long id = begin(owner);
    owner.stub().addFiles(add(id, regularFile("f", 1, c)));
    commit(owner, id, 1);
    pause();
    peerB.stub().heartbeat(HeartbeatRequest.getDefaultInstance());
    ChunkLocation location = restore(owner, PlanRestoreRequest.newBuilder().setSnapshotId(id)
        .build()).get(0).getChunks(0);
    assertThat(location.getReplicas(0).getDeviceId()).isEqualTo(peerB.deviceId());
  }

  @Test
  void commitIsRefusedWhileAChunkLacksReplicas() {
    FakeChunk c = FakeChunk.random(10);
    c.confirmOn(owner, peerA);
    long id = begin(owner);
    owner.stub().addFiles(add(id, regularFile("one-replica", 1, c)));
    Status status = failure(() -> commit(owner, id, 1));
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).contains(c.id()).contains("fewer than 2");
    c.confirmOn(owner, peerB);
    assertThat(commit(owner, id, 1).getId()).isEqualTo(id);
  }

  @Test
  void addFilesRefusesBadBatchesWhole() {
    FakeChunk c = replicated(10);
    long id = begin(owner);
    Status dotDot = failure(() -> owner.stub().addFiles(add(id, regularFile("good", 1, c),
        regularFile("../x", 1, c))));
    assertThat(dotDot.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(dotDot.getDescription()).contains("\"../x\"").contains("\"..\" segment");
    Status absolute = failure(() -> owner.stub().addFiles(add(id, regularFile("/etc/x", 1, c))));
    assertThat(absolute.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    FakeChunk unknown = FakeChunk.random(10);
    Status missing = failure(() -> owner.stub().addFiles(add(id, regularFile("m", 1, unknown))));
    assertThat(missing.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(missing.getDescription()).contains("\"m\"").contains(unknown.id().substring(0, 12));
    FileVersion wrongSize = regularFile("w", 1, c).toBuilder().setSizeBytes(11).build();
    assertThat(failure(() -> owner.stub().addFiles(add(id, wrongSize))).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    FileVersion noKind = regularFile("k", 1, c).toBuilder()
        .setKind(FileKind.FILE_KIND_UNSPECIFIED).build();
    assertThat(failure(() -> owner.stub().addFiles(add(id, noKind))).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    commit(owner, id, 0);
    assertThat(files(restore(owner, PlanRestoreRequest.newBuilder().setSnapshotId(id).build())))
        .as("nothing of a refused batch is stored").isEmpty();
    assertThat(failure(() -> owner.stub().addFiles(add(id, regularFile("late", 1, c))))
        .getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aPeerThatKnowsOnlyAChunkIdCannotReferenceItToGetItsKey() {
    FakeChunk c = replicated(10);
    long id = begin(peerA);
    FileVersion idOnly = regularFile("stolen", 1, c).toBuilder().clearChunks()
        .addChunks(c.ref().toBuilder().clearPlainHash()).build();
    FileVersion guessed = regularFile("stolen", 1, c).toBuilder().clearChunks()
        .addChunks(c.ref().toBuilder().setPlainHash(ByteString.copyFrom(sha256("a guess")))).build();

    for (FileVersion attempt : List.of(idOnly, guessed)) {
      Status refused = failure(() -> peerA.stub().addFiles(add(id, attempt)));
      assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.getDescription()).contains("is not stored with this content").doesNotContain("plain bytes");
    }
    commit(peerA, id, 0);
    assertThat(files(restore(peerA, PlanRestoreRequest.newBuilder().setSnapshotId(id).build()))).isEmpty();
  }

  @Test
  void snapshotsOfOtherDevicesOrOrganizationsAreOutOfReach() {
    long id = begin(owner);
    FakeChunk c = replicated(10);
    assertThat(failure(() -> peerA.stub().addFiles(add(id, regularFile("x", 1, c))))
        .getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure(() -> commit(peerA, id, 0)).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    Agent stranger = newOrganization("elsewhere").register("stranger", GiB, "x", "y");
    assertThat(failure(() -> stranger.stub().listSnapshots(ListSnapshotsRequest.newBuilder()
        .setDeviceId(owner.deviceId()).build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure(() -> restore(stranger, PlanRestoreRequest.newBuilder()
        .setDeviceId(owner.deviceId()).build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    // A chunk of another organization cannot be referenced either.
    assertThat(failure(() -> stranger.stub().addFiles(add(begin(stranger),
        regularFile("y", 1, c)))).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void pointInTimeRestoreTakesTheNewestVersionAtOrBeforeTheTime()
      throws InterruptedException {
    FakeChunk oldA = replicated(10);
    FakeChunk b = replicated(20);
    FakeChunk newA = replicated(30);
    long first = begin(owner);
    owner.stub().addFiles(add(first, regularFile("a.txt", 1, oldA), regularFile("b.txt", 1, b)));
    Snapshot s1 = commit(owner, first, 2);
    pause();
    long second = begin(owner);
    owner.stub().addFiles(add(second, regularFile("a.txt", 2, newA)));
    Snapshot s2 = commit(owner, second, 1);
    assertThat(s2.getFinishedAtMillis()).isGreaterThan(s1.getFinishedAtMillis());

    assertThat(owner.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance())
        .getSnapshotsList()).extracting(Snapshot::getId).containsExactly(second, first);

    List<FileVersion> between = files(restore(owner, PlanRestoreRequest.newBuilder()
        .setAtMillis(s1.getFinishedAtMillis()).build()));
    assertThat(between).extracting(FileVersion::getPath).containsExactly("a.txt", "b.txt");
    assertThat(between.get(0).getChunks(0).getChunkId()).isEqualTo(oldA.id());

    List<FileVersion> now = files(restore(owner, PlanRestoreRequest.getDefaultInstance()));
    assertThat(now).extracting(FileVersion::getPath).containsExactly("a.txt", "b.txt");
    assertThat(now.get(0).getChunks(0).getChunkId()).isEqualTo(newA.id());
    assertThat(now.get(1).getChunks(0).getChunkId()).isEqualTo(b.id());

    List<FileVersion> bySnapshot = files(restore(owner, PlanRestoreRequest.newBuilder()
        .setSnapshotId(first).build()));
    assertThat(bySnapshot.get(0).getChunks(0).getChunkId()).isEqualTo(oldA.id());

    assertThat(files(restore(owner, PlanRestoreRequest.newBuilder()
        .setAtMillis(s1.getFinishedAtMillis() - 1).build()))).isEmpty();
    assertThat(failure(() -> restore(owner, PlanRestoreRequest.newBuilder()
        .setSnapshotId(Long.MAX_VALUE).build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure(() -> restore(owner, PlanRestoreRequest.newBuilder()
        .addPaths("../etc").build())).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void tenThousandFileVersionsInOneCall() {
    List<FakeChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chunks.add(replicated(1000 + i));
    }
    long id = begin(owner);
    AddFilesRequest.Builder request = AddFilesRequest.newBuilder().setSnapshotId(id);
    for (int i = 0; i < 10_000; i++) {
      request.addFiles(regularFile(String.format("data/dir%03d/file%05d.bin", i / 100, i), i,
          chunks.get(i % 10), chunks.get((i + 1) % 10)));
    }
    assertThat(owner.stub().addFiles(request.build()).getAccepted()).isEqualTo(10_000);
    // Re-sending the batch (a retry after a lost answer) replaces instead of duplicating.
    assertThat(owner.stub().addFiles(request.build()).getAccepted()).isEqualTo(10_000);
    commit(owner, id, 10_000);

    List<RestoreBatch> batches = restore(owner, PlanRestoreRequest.newBuilder()
        .setSnapshotId(id).build());
    assertThat(batches).hasSize(20).allMatch(b -> b.getFilesCount() <= 500);
    List<FileVersion> restored = files(batches);
    assertThat(restored).hasSize(10_000);
    assertThat(paths(restored)).isSorted().doesNotHaveDuplicates();
    Set<String> sent = new HashSet<>();
    batches.forEach(b -> b.getChunksList().forEach(c -> assertThat(sent.add(c.getChunkId()))
        .as("each chunk is sent once per stream").isTrue()));
    assertThat(sent).hasSize(10);
    assertThat(restored.get(1234)).isEqualTo(asPlanned(request.getFiles(1234)));
  }
}
