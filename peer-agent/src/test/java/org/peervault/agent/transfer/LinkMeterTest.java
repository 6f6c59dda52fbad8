package org.peervault.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkMeterTest {

  @Test
  void reportsBytesPerSecondOfTheTransfersSinceTheLastReading() {
    LinkMeter meter = new LinkMeter();
    meter.record(1 << 20, 500_000_000L); // 1 MiB in 0.5 s
    meter.record(1 << 20, 1_500_000_000L); // 1 MiB in 1.5 s

    assertThat(meter.takeBytesPerSecond()).isEqualTo(1 << 20); // 2 MiB in 2 s
    assertThat(meter.takeBytesPerSecond()).as("a reading starts a new measurement").isZero();
  }

  @Test
  void leavesOutTransfersTooSmallToMeasureThroughput() {
    LinkMeter meter = new LinkMeter();
    meter.record(LinkMeter.MIN_SAMPLE_BYTES - 1, 1_000_000_000L);
    meter.record(1 << 20, 0);

    assertThat(meter.takeBytesPerSecond()).isZero();
  }
}
