package org.peervault.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateTest {
  @Test
  void savedStateReadsBackAndOnlyItsOwnerCanReadIt(@TempDir Path dir) throws Exception {
    AgentState state = new AgentState(dir, "repo:9443", 7, 2, "laptop", "engineering", "127.0.0.1:7443", 1 << 30,
        dir.resolve("store"));
    state.save();

    assertThat(AgentState.load(dir)).isEqualTo(state);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("agent.properties"))))
        .isEqualTo("rw-------");
  }

  @Test
  void anUnenrolledMachineIsToldHowToEnroll(@TempDir Path dir) {
    assertThatThrownBy(() -> AgentState.load(dir))
        .isInstanceOf(AgentState.NotRegisteredException.class)
        .hasMessageContaining("peer-agent enroll --server");
  }

  @Test
  void aSkeletonStateWithADeviceTokenIsRefusedWithAnAskToEnrollAgain(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("agent.properties"), "format=1\nrepository=repo\\:9443\ndevice.id=7\n"
        + "device.token=7.secret\n");
    assertThatThrownBy(() -> AgentState.load(dir))
        .isInstanceOf(AgentState.NotRegisteredException.class)
        .hasMessageContaining("format 1")
        .hasMessageContaining("enroll again: peer-agent enroll --server HOST:PORT --token TOKEN")
        .hasMessageNotContaining("secret");
  }
}
