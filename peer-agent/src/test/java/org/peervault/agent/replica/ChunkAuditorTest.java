package org.peervault.agent.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.StorageProof;
import org.peervault.agent.store.MemChunkStore;
import org.peervault.proto.v1.AuditChunk;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;

/** AUDIT tasks: the proof is over the bytes the store holds, without any key. */
class ChunkAuditorTest {
  private static final byte[] DATA = "a sealed chunk, opaque to every peer".getBytes(StandardCharsets.UTF_8);
  private static final ChunkId ID = ChunkId.of(DATA);

  private final MemChunkStore store = new MemChunkStore(1 << 20);
  private final ChunkAuditor auditor = new ChunkAuditor(store);

  private static PeerTask audit(String chunkId, byte[] nonce) {
    return PeerTask.newBuilder().setTaskId(9).setAttempt(2).setAudit(AuditChunk.newBuilder()
        .setChunkId(chunkId).setNonce(ByteString.copyFrom(nonce))).build();
  }

  private static byte[] nonce() {
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    return nonce;
  }

  @Test
  void aHeldChunkIsAnsweredWithTheDigestOfNonceAndStoredBytes() {
    store.put(ID, DATA);
    byte[] nonce = nonce();

    TaskResult result = auditor.run(audit(ID.hex(), nonce));

    assertThat(result.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_DONE);
    assertThat(result.getTaskId()).isEqualTo(9);
    assertThat(result.getAttempt()).isEqualTo(2);
    assertThat(result.getProof().toByteArray()).isEqualTo(StorageProof.digest(nonce, DATA));
    assertThat(result.getUsedBytes()).isEqualTo(DATA.length);
  }

  @Test
  void eachNonceGetsItsOwnProof() {
    store.put(ID, DATA);

    ByteString first = auditor.run(audit(ID.hex(), nonce())).getProof();
    ByteString second = auditor.run(audit(ID.hex(), nonce())).getProof();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aChunkNotHeldAMalformedIdOrNoNonceFailsSayingWhy() {
    TaskResult missing = auditor.run(audit(ID.hex(), nonce()));
    TaskResult badId = auditor.run(audit("not-a-chunk-id", nonce()));
    store.put(ID, DATA);
    TaskResult noNonce = auditor.run(audit(ID.hex(), new byte[0]));

    assertThat(missing.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(missing.getDetail()).contains("not held");
    assertThat(missing.getProof().isEmpty()).isTrue();
    assertThat(badId.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(noNonce.getOutcome()).isEqualTo(TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(noNonce.getDetail()).contains("no nonce");
  }
}
