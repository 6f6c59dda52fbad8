package org.peervault.repository.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final byte[] EXPECTED = new byte[32];

  static {
    Arrays.fill(EXPECTED, (byte) 7);
  }

  @Test
  void theExpectedDigestPasses() {
    assertThat(Verdict.judge(EXPECTED, true, EXPECTED.clone())).isEqualTo(Verdict.PASSED);
  }

  @Test
  void aWrongShortMissingOrUnansweredProofFails() {
    byte[] wrong = EXPECTED.clone();
    wrong[31] ^= 1;
    assertThat(Verdict.judge(EXPECTED, true, wrong)).isEqualTo(Verdict.FAILED);
    assertThat(Verdict.judge(EXPECTED, true, Arrays.copyOf(EXPECTED, 31))).isEqualTo(Verdict.FAILED);
    assertThat(Verdict.judge(EXPECTED, true, new byte[0])).isEqualTo(Verdict.FAILED);
    assertThat(Verdict.judge(EXPECTED, true, null)).isEqualTo(Verdict.FAILED);
    assertThat(Verdict.judge(EXPECTED, false, EXPECTED.clone())).isEqualTo(Verdict.FAILED);
  }

  @Test
  void failedAndMissedLoseTheReplicaOthersDoNot() {
    assertThat(Verdict.FAILED.losesReplica()).isTrue();
    assertThat(Verdict.MISSED.losesReplica()).isTrue();
    assertThat(Verdict.PASSED.losesReplica()).isFalse();
    assertThat(Verdict.CANCELLED.losesReplica()).isFalse();
  }
}
