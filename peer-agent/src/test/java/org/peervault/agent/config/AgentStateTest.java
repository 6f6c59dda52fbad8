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
    AgentState state = new AgentState("repo:9443", 7, "laptop", "7.secret", "127.0.0.1:7443", 1 << 30, dir.resolve("store"));
    state.save(dir);

    assertThat(AgentState.load(dir)).isEqualTo(state);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("agent.properties"))))
        .isEqualTo("rw-------");
  }

  @Test
  void toStringNeverShowsTheToken(@TempDir Path dir) {
    AgentState state = new AgentState("repo:9443", 7, "laptop", "7.secret", "127.0.0.1:7443", 1, dir);
    assertThat(state.toString()).doesNotContain("secret");
  }

  @Test
  void anUnregisteredMachineIsToldHowToRegister(@TempDir Path dir) {
    assertThatThrownBy(() -> AgentState.load(dir))
        .isInstanceOf(AgentState.NotRegisteredException.class)
        .hasMessageContaining("peer-agent register --repository");
  }
}
