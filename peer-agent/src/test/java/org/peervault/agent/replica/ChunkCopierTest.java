package org.peervault.agent.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.serve.GrantVerifier;
import org.peervault.agent.serve.PeerServer;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.store.MemChunkStore;
import org.peervault.agent.store.PutResult;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.TestPki;
import org.peervault.proto.v1.CopyChunk;
import org.peervault.proto.v1.DeleteChunk;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.GrantBody;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;

/**
 * COPY and DELETE tasks against real peers over mutual TLS: a copy stores only bytes whose hash
 * is the chunk id, fetched under a grant the source accepts.
 */
class ChunkCopierTest {
  private static final long ORG = 7;
  private static final long COPIER = 2;
  private static final byte[] DATA = "a sealed chunk, opaque to every peer".getBytes(StandardCharsets.UTF_8);
  private static final ChunkId ID = ChunkId.of(DATA);

  private final TestPki.Ca ca = TestPki.newCa("test repository CA");
  private final KeyPair grantKeys = TestPki.newGrantKeys();
  private final MemChunkStore local = new MemChunkStore(1 << 20);
  private final List<PeerServer> servers = new ArrayList<>();
  private final PeerChannels channels = new PeerChannels(ca.device(COPIER, ORG));

  @AfterEach
  void stop() {
    channels.close();
    servers.forEach(PeerServer::close);
  }

  /** A peer serving {@code store} as device {@code deviceId}. */
  private PeerRef source(long deviceId, ChunkStore store) {
    GrantVerifier verifier = new GrantVerifier(ORG, deviceId, grantKeys.getPublic(), Clock.systemUTC());
    PeerServer server = PeerServer.start("127.0.0.1", 0, store, ca.device(deviceId, ORG), verifier);
    servers.add(server);
    return PeerRef.newBuilder().setDeviceId(deviceId).setAddress("127.0.0.1:" + server.port()).build();
  }

  private static MemChunkStore holding(byte[] data) {
    MemChunkStore store = new MemChunkStore(1 << 20);
    store.put(ChunkId.of(data), data);
    return store;
  }

  private Grant fetchGrant(long device, List<Long> peers, KeyPair signer) {
    return TestPki.sign(signer.getPrivate(), GrantBody.newBuilder().setVersion(1)
        .setAction(GrantAction.GRANT_ACTION_FETCH).addChunkIds(ID.hex()).setDeviceId(device)
        .setOrganizationId(ORG).setExpiresAtMillis(Instant.now().plusSeconds(300).toEpochMilli())
        .addAllPeerDeviceIds(peers).build());
  }

  private static PeerTask copy(Grant grant, PeerRef... sources) {
    return PeerTask.newBuilder().setTaskId(41).setAttempt(1).setCopy(CopyChunk.newBuilder()
        .setChunkId(ID.hex()).setStoredSizeBytes(DATA.length).addAllSources(List.of(sources))
        .setGrant(grant)).build();
  }

  private TaskResult run(PeerTask task) {
    return new ChunkCopier(local, channels).run(task);
  }

  @Test
  void copyStoresTheChunkFetchedFromItsSourceUnderTheGrant() {
    PeerRef source = source(1, holding(DATA));

    TaskResult result = run(copy(fetchGrant(COPIER, List.of(1L), grantKeys), source));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(result.getTaskId()).isEqualTo(41);
    assertThat(result.getAttempt()).isEqualTo(1);
    assertThat(local.get(ID)).hasValueSatisfying(b -> assertThat(b).isEqualTo(DATA));
    assertThat(result.getUsedBytes()).isEqualTo(DATA.length);
  }

  @Test
  void copyUnderAGrantNotSignedByTheRepositoryIsRefusedAndNothingStored() {
    PeerRef source = source(1, holding(DATA));

    TaskResult result = run(copy(fetchGrant(COPIER, List.of(1L), TestPki.newGrantKeys()), source));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(result.getDetail()).contains("peer 1: PERMISSION_DENIED").contains("signature");
    assertThat(local.contains(ID)).isFalse();
    assertThat(local.usedBytes()).isZero();
  }

  @Test
  void copyUnderAGrantForAnotherDeviceOrOtherPeersIsRefused() {
    PeerRef source = source(1, holding(DATA));

    TaskResult forOther = run(copy(fetchGrant(3, List.of(1L), grantKeys), source));
    TaskResult elsewhere = run(copy(fetchGrant(COPIER, List.of(5L), grantKeys), source));

    assertThat(forOther.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(forOther.getDetail()).contains("PERMISSION_DENIED").contains("for device 3");
    assertThat(elsewhere.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(elsewhere.getDetail()).contains("PERMISSION_DENIED").contains("for peers [5]");
    assertThat(local.contains(ID)).isFalse();
  }

  @Test
  void bytesThatFailTheHashAreRefusedAndTheCopyReportedFailed() {
    PeerRef corrupt = source(1, new Corrupting(holding(DATA)));

    TaskResult result = run(copy(fetchGrant(COPIER, List.of(1L), grantKeys), corrupt));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(result.getDetail()).contains("peer 1: bytes fail the hash");
    assertThat(local.contains(ID)).isFalse();
    assertThat(local.usedBytes()).isZero();
  }

  @Test
  void aCorruptSourceIsSkippedForTheNextOne() {
    PeerRef corrupt = source(1, new Corrupting(holding(DATA)));
    PeerRef good = source(3, holding(DATA));

    TaskResult result = run(copy(fetchGrant(COPIER, List.of(1L, 3L), grantKeys), corrupt, good));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(result.getDetail()).contains("from peer 3");
    assertThat(local.get(ID)).hasValueSatisfying(b -> assertThat(b).isEqualTo(DATA));
  }

  @Test
  void aSourceThatIsDownOrLacksTheChunkIsSkipped() {
    PeerRef down = PeerRef.newBuilder().setDeviceId(4).setAddress("127.0.0.1:1").build();
    PeerRef empty = source(1, new MemChunkStore(1 << 20));
    PeerRef good = source(3, holding(DATA));

    TaskResult result = run(copy(fetchGrant(COPIER, List.of(1L, 3L, 4L), grantKeys), down, empty, good));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(local.contains(ID)).isTrue();
  }

  @Test
  void aChunkThatDoesNotFitFailsTheCopy() {
    MemChunkStore tiny = new MemChunkStore(DATA.length - 1);
    PeerRef source = source(1, holding(DATA));

    TaskResult result = new ChunkCopier(tiny, channels).run(copy(fetchGrant(COPIER, List.of(1L), grantKeys), source));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(result.getDetail()).contains("does not fit");
    assertThat(tiny.usedBytes()).isZero();
  }

  @Test
  void aChunkAlreadyHeldIsDoneWithoutFetching() {
    local.put(ID, DATA);

    TaskResult result = run(copy(fetchGrant(COPIER, List.of(1L), grantKeys)));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(result.getDetail()).contains("already held");
  }

  @Test
  void deleteFreesTheChunkAndIsDoneAlsoWhenNotHeld() {
    local.put(ID, DATA);
    PeerTask delete = PeerTask.newBuilder().setTaskId(9).setAttempt(2)
        .setDelete(DeleteChunk.newBuilder().setChunkId(ID.hex())).build();

    TaskResult first = new ChunkDeleter(local).run(delete);
    TaskResult again = new ChunkDeleter(local).run(delete);

    assertThat(first.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(first.getFreedBytes()).isEqualTo(DATA.length);
    assertThat(first.getAttempt()).isEqualTo(2);
    assertThat(local.contains(ID)).isFalse();
    assertThat(again.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(again.getFreedBytes()).isZero();
    assertThat(again.getDetail()).contains("was not held");
  }

  @Test
  void aMalformedChunkIdFailsTheTask() {
    PeerTask delete = PeerTask.newBuilder().setTaskId(9).setAttempt(1)
        .setDelete(DeleteChunk.newBuilder().setChunkId("../../etc/passwd")).build();

    TaskResult result = new ChunkDeleter(local).run(delete);

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(result.getDetail()).startsWith("delete: ");
  }

  /** A peer whose disk returns damaged bytes for every chunk. */
  private record Corrupting(ChunkStore delegate) implements ChunkStore {
    @Override
    public PutResult put(ChunkId id, byte[] sealed) {
      return delegate.put(id, sealed);
    }

    @Override
    public Optional<byte[]> get(ChunkId id) {
      return delegate.get(id).map(b -> {
        byte[] damaged = b.clone();
        damaged[damaged.length - 1] ^= 1;
        return damaged;
      });
    }

    @Override
    public OptionalLong delete(ChunkId id) {
      return delegate.delete(id);
    }

    @Override
    public boolean contains(ChunkId id) {
      return delegate.contains(id);
    }

    @Override
    public long usedBytes() {
      return delegate.usedBytes();
    }

    @Override
    public long quotaBytes() {
      return delegate.quotaBytes();
    }
  }
}
