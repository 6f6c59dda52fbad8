package org.peervault.repository.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {
  @Test
  void refusesNonsenseWithAClearMessage() {
    assertThatThrownBy(() -> settings(Duration.ofSeconds(10), 90, 0.99)).hasMessageContaining("shorter than one minute");
    assertThatThrownBy(() -> settings(Duration.ofHours(1), 0, 0.99)).hasMessageContaining("at least one day");
    assertThatThrownBy(() -> settings(Duration.ofHours(1), 90, 1.0)).hasMessageContaining("strictly between 0 and 1");
  }

  private static PolicySettings settings(Duration schedule, int retention, double availability) {
    return new PolicySettings(0, "p", List.of(), List.of(), schedule, retention, List.of(), 10, availability, 0);
  }
}
