package org.peervault.repository.placement.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's core claim on a small fleet (800 peers, quotas small enough that the always-on
 * desktops fill and office machines take copies too): measured restores match the model and meet
 * the target where the model says it is met.
 */
class DurabilitySimulatorTest {

  @Test
  @Timeout(120)
  void measuredRestoresMatchTheModelAndMeetTheTargetWhereTheModelSaysSo() {
    DurabilitySimulator.Settings settings = new DurabilitySimulator.Settings(800, 200, 2, 4L << 20,
        24L << 20, 7, 24, 7, List.of(0.99));

    DurabilitySimulator.Row row = new DurabilitySimulator(settings).run().get(0);

    assertThat(row.attempts()).isEqualTo(200L * 2 * 7 * 24);
    assertThat(row.meanCopies()).as("some chunks need more than the fewest copies").isGreaterThan(2.0);
    assertThat(row.measured()).as("measured within tolerance of the model").isCloseTo(row.modelAtAttempts(),
        within(0.01));
    assertThat(row.belowTarget()).as("the model says the target is met for (almost) every chunk")
        .isLessThan(0.05);
    assertThat(row.measured()).as("and restores meet it").isGreaterThanOrEqualTo(0.99 - 0.01);
    assertThat(row.paperMeasured()).as("the paper's fixed b on random peers does not")
        .isLessThan(row.measured());
    assertThat(new DurabilitySimulator(settings).run().get(0)).as("deterministic for a seed")
        .usingRecursiveComparison().isEqualTo(row);
  }
}
