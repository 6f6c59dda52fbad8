package org.peervault.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.TestPki;

class IdentityFilesTest {
  private final TestPki.Ca ca = TestPki.newCa("test CA");
  private final DeviceIdentity device = ca.device(3, 7);
  private final IdentityFiles.Stored stored = new IdentityFiles.Stored(device.credential().key(),
      device.certificate(), ca.certificate(), TestPki.newGrantKeys().getPublic());

  @Test
  void theKeyFileIsOwnerOnlyAndEverythingReadsBack(@TempDir Path dir) throws Exception {
    IdentityFiles.save(dir, stored);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(IdentityFiles.KEY))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve(IdentityFiles.KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
    IdentityFiles.Stored loaded = IdentityFiles.load(dir);
    assertThat(loaded.key()).isEqualTo(stored.key());
    assertThat(loaded.certificate()).isEqualTo(stored.certificate());
    assertThat(loaded.caCertificate()).isEqualTo(stored.caCertificate());
    assertThat(loaded.grantKey()).isEqualTo(stored.grantKey());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".next"));
    }
  }

  @Test
  void aRenewalReplacesKeyAndCertificateTogether(@TempDir Path dir) throws Exception {
    IdentityFiles.save(dir, stored);
    DeviceIdentity renewed = ca.device(3, 7);
    IdentityFiles.saveCredential(dir, renewed.credential().key(), renewed.certificate());

    IdentityFiles.Stored loaded = IdentityFiles.load(dir);
    assertThat(loaded.key()).isEqualTo(renewed.credential().key());
    assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(IdentityFiles.KEY))))
        .isEqualTo("rw-------");
  }

  @Test
  void aRenewalInterruptedAfterItsKeyMovedIsFinishedOnLoad(@TempDir Path dir, @TempDir Path other) throws Exception {
    IdentityFiles.save(dir, stored);
    DeviceIdentity renewed = ca.device(3, 7);
    IdentityFiles.save(other, new IdentityFiles.Stored(renewed.credential().key(), renewed.certificate(),
        ca.certificate(), stored.grantKey()));
    // the new key is in place, the new certificate still waits as .next
    Files.copy(other.resolve(IdentityFiles.KEY), dir.resolve(IdentityFiles.KEY), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(other.resolve(IdentityFiles.CERTIFICATE), dir.resolve(IdentityFiles.CERTIFICATE + ".next"));

    IdentityFiles.Stored loaded = IdentityFiles.load(dir);
    assertThat(loaded.key()).isEqualTo(renewed.credential().key());
    assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
    assertThat(dir.resolve(IdentityFiles.CERTIFICATE + ".next")).doesNotExist();
  }

  @Test
  void aRenewalInterruptedBeforeItsCertificateWasWrittenNeverHappened(@TempDir Path dir, @TempDir Path other)
      throws Exception {
    IdentityFiles.save(dir, stored);
    DeviceIdentity renewed = ca.device(3, 7);
    IdentityFiles.save(other, new IdentityFiles.Stored(renewed.credential().key(), renewed.certificate(),
        ca.certificate(), stored.grantKey()));
    Files.copy(other.resolve(IdentityFiles.KEY), dir.resolve(IdentityFiles.KEY + ".next"));

    IdentityFiles.Stored loaded = IdentityFiles.load(dir);
    assertThat(loaded.key()).isEqualTo(stored.key());
    assertThat(loaded.certificate()).isEqualTo(stored.certificate());
    assertThat(dir.resolve(IdentityFiles.KEY + ".next")).doesNotExist();
  }

  @Test
  void aMissingKeyAsksToEnrollAgain(@TempDir Path dir) {
    assertThatThrownBy(() -> IdentityFiles.load(dir))
        .isInstanceOf(AgentState.NotRegisteredException.class)
        .hasMessageContaining("device.key is missing")
        .hasMessageContaining("peer-agent enroll");
  }
}
