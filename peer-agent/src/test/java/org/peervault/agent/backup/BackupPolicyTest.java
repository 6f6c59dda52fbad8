package org.peervault.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peervault.agent.scan.ExclusionClass;
import org.peervault.proto.v1.Policy;

class BackupPolicyTest {
  @Test
  void thePolicyGivesRootsExclusionsAndSchedule() {
    BackupPolicy policy = BackupPolicy.of(Policy.newBuilder().addIncludePaths("~").addIncludePaths("~/Work")
        .addIncludePaths("/srv/data").addExcludePatterns("*.iso").setSchedule("PT30M").build(), Path.of("/home/ann"));
    assertThat(policy.roots()).containsExactly(Path.of("/home/ann"), Path.of("/home/ann/Work"), Path.of("/srv/data"));
    assertThat(policy.schedule()).isEqualTo(Duration.ofMinutes(30));
    assertThat(policy.exclusions(Set.of(), List.of()).reason("x.iso", false)).hasValue("policy pattern (*.iso)");
    assertThat(policy.exclusions(Set.of(ExclusionClass.BUILD), List.of()).reason("target", true)).isEmpty();
    assertThat(policy.exclusions(Set.of(), List.of("!target/")).reason("target", true)).isEmpty();
    assertThat(BackupPolicy.of(Policy.newBuilder().setSchedule("hourly").build(), Path.of("/")).schedule())
        .isEqualTo(BackupPolicy.DEFAULT_SCHEDULE);
  }
}
