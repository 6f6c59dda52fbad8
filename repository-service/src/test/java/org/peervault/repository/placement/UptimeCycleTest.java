package org.peervault.repository.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class UptimeCycleTest {

  @Test
  void fewerThanSevenDaysOfSamplesGiveOfficeHours() {
    int[] up = new int[24];
    int[] all = new int[24];
    Arrays.fill(all, 6);
    Arrays.fill(up, 6);

    UptimeCycle cycle = UptimeCycle.estimate(6, up, all);

    assertThat(cycle.hourly()).hasSize(24);
    for (int hour = 0; hour < 24; hour++) {
      assertThat(cycle.at(hour)).as("hour " + hour).isEqualTo(hour >= 9 && hour < 17 ? 1.0 : 0.0);
    }
    assertThat(cycle).isEqualTo(UptimeCycle.officeHours());
  }

  @Test
  void sevenDaysOrMoreGiveTheObservedFractionPerHour() {
    int[] up = new int[24];
    int[] all = new int[24];
    Arrays.fill(all, 10);
    up[3] = 10;
    up[14] = 7;
    all[20] = 0;

    UptimeCycle cycle = UptimeCycle.estimate(10, up, all);

    assertThat(cycle.at(3)).isEqualTo(1.0);
    assertThat(cycle.at(14)).isEqualTo(0.7);
    assertThat(cycle.at(10)).isZero();
    assertThat(cycle.at(20)).as("an hour never sampled counts as down").isZero();
  }

  @Test
  void refusesProbabilitiesOutsideZeroToOneAndWrongLengths() {
    assertThatThrownBy(() -> new UptimeCycle(Collections.nCopies(23, 0.5)))
        .hasMessageContaining("24");
    assertThatThrownBy(() -> new UptimeCycle(Collections.nCopies(24, 1.5)))
        .hasMessageContaining("outside [0, 1]");
    int[] all = new int[24];
    int[] up = new int[24];
    up[0] = 1;
    assertThatThrownBy(() -> UptimeCycle.estimate(8, up, all)).hasMessageContaining("hour 0");
  }
}
