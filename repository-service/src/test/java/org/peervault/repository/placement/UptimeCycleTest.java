package org.peervault.repository.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class UptimeCycleTest {

  @Test
  void fewerThanSevenDaysOfSamplesGiveOfficeHours() {
    double[] up = new double[24];
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
    double[] up = new double[24];
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
  void hoursOnASlowLinkCountOnlyByTheirShareOfGoodBeats() {
    double[] up = new double[24];
    int[] all = new int[24];
    Arrays.fill(all, 10);
    up[9] = 10; // up every day on a good link
    up[10] = 5; // up every day, half of each hour's heartbeats on a slow link
    up[11] = 0; // up every day, every heartbeat slow: as good as down

    UptimeCycle cycle = UptimeCycle.estimate(10, up, all);

    assertThat(cycle.at(9)).isEqualTo(1.0);
    assertThat(cycle.at(10)).isEqualTo(0.5);
    assertThat(cycle.at(11)).isZero();
  }

  @Test
  void utcViewShiftsByTheOffsetIncludingHalfHours() {
    UptimeCycle office = UptimeCycle.officeHours();

    UtcUptime paris = UtcUptime.of(office, 60);
    assertThat(paris.up(7)).isZero();
    assertThat(paris.up(8)).isEqualTo(1.0);
    assertThat(paris.up(15)).isEqualTo(1.0);
    assertThat(paris.up(16)).isZero();
    UtcUptime newYork = UtcUptime.of(office, -300);
    assertThat(newYork.up(13)).isZero();
    assertThat(newYork.up(14)).isEqualTo(1.0);
    assertThat(newYork.up(21)).isEqualTo(1.0);
    assertThat(newYork.up(22)).isZero();
    UtcUptime india = UtcUptime.of(office, 330); // 09:00 IST is 03:30 UTC
    assertThat(india.up(2)).isZero();
    assertThat(india.up(3)).as("03:30 UTC is 09:00 local").isEqualTo(1.0);
    assertThat(india.up(10)).isEqualTo(1.0);
    assertThat(india.up(11)).as("11:30 UTC is 17:00 local").isZero();
    assertThat(paris.cover(8)).isEqualTo(UtcUptime.MAX_COVER);
  }

  @Test
  void refusesProbabilitiesOutsideZeroToOneAndWrongLengths() {
    assertThatThrownBy(() -> new UptimeCycle(Collections.nCopies(23, 0.5)))
        .hasMessageContaining("24");
    assertThatThrownBy(() -> new UptimeCycle(Collections.nCopies(24, 1.5)))
        .hasMessageContaining("outside [0, 1]");
    int[] all = new int[24];
    double[] up = new double[24];
    up[0] = 1;
    assertThatThrownBy(() -> UptimeCycle.estimate(8, up, all)).hasMessageContaining("hour 0");
  }
}
