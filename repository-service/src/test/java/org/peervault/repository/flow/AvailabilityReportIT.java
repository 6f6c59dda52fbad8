package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;
import org.peervault.repository.testdb.UptimeSamples;

/**
 * A backup whose peers cannot reach the target availability: the real agent backs up anyway on
 * every peer there is, learns at commit what the snapshot achieves and that it is below target,
 * and the snapshot restores.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AvailabilityReportIT {
  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  EntityManager em;

  @Test
  void aBackupBelowTargetCompletesAndTheAgentIsTold() throws IOException {
    try (TestFleet fleet = TestFleet.start(enrollment, grpcServer, "below-target", 1L << 30, true, 3)) {
      fleet.peers.forEach(p -> UptimeSamples.halfUp(em, p.deviceId()));
      Path source = Files.createDirectories(fleet.work.resolve("source"));
      byte[] data = new byte[3 << 20];
      new Random(5).nextBytes(data);
      Files.write(source.resolve("thesis.bin"), data);

      BackupReport report = fleet.owner.backup(source);

      // every peer is up half of the time: three copies give 1 - 0.5^3, short of p_s = 0.99
      assertThat(report.availability()).isNotNull();
      assertThat(report.availability().achieved()).isCloseTo(0.875, within(1e-9));
      assertThat(report.availability().target()).isEqualTo(0.99);
      assertThat(report.belowTarget()).isTrue();
      assertThat(fleet.peers).allMatch(p -> p.usedBytes() > 0);
      RestoreReport restored = fleet.owner.restore(fleet.work.resolve("restored"));
      assertThat(restored.errors()).isEmpty();
      assertThat(Files.mismatch(source.resolve("thesis.bin"),
          fleet.work.resolve("restored/source/thesis.bin"))).isEqualTo(-1);
    }
  }
}
