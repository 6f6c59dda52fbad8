package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.Principal;
import org.peervault.agent.objects.ObjectStoreContract;
import org.peervault.agent.objects.ObjectStoreSettings;
import org.peervault.agent.objects.PeerObjectStore;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.repository.access.AccessKeys;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.identity.Users;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * The object store contract against the real thing: the repository's object catalog on
 * PostgreSQL, a gateway device and three peers on real sockets. Also: peers hold only ciphertext,
 * and reads go on when a peer holding the chunks is dead.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerObjectStoreIT extends ObjectStoreContract {
  @Inject
  Enrollment enrollment;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Users users;

  @Inject
  AccessKeys accessKeys;

  @Inject
  Devices devices;

  private TestFleet fleet;
  private PeerChannels channels;
  private PeerObjectStore store;
  private Principal principal;

  @BeforeEach
  void startFleet() throws IOException {
    if (fleet != null) {
      return;
    }
    fleet = TestFleet.start(enrollment, grpcServer, "objects", 1L << 30, true, 3);
    devices.markS3Gateway(fleet.organization, fleet.owner.deviceId(), true);
    long user = users.actorOf("s3-user-" + UUID.randomUUID(), "s3-user", null,
        fleet.organizationName, Set.of("user")).userId();
    principal = new Principal(fleet.organization, user,
        accessKeys.issue(fleet.organization, user, "object store IT").key().accessKeyId);
    channels = new PeerChannels(fleet.owner.identity());
    store = new PeerObjectStore(fleet.owner.repository(), channels,
        ObjectStoreSettings.defaults());
  }

  @AfterAll
  void stopFleet() {
    store.close();
    channels.close();
    fleet.close();
  }

  @Override
  protected ObjectStore store() {
    return store;
  }

  @Override
  protected Principal principal() {
    return principal;
  }

  @Test
  void peersHoldOnlyCiphertext() throws IOException {
    String b = newBucket("secret");
    String marker = "PLAINTEXT-MARKER-" + UUID.randomUUID();
    StringBuilder text = new StringBuilder();
    while (text.length() < 600_000) {
      text.append(marker).append(' ').append(text.length()).append('\n');
    }
    byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
    put(b, "notes.txt", data);

    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    long files = 0;
    for (TestPeer peer : fleet.peers) {
      try (Stream<Path> all = Files.walk(peer.storeDir())) {
        for (Path f : all.filter(Files::isRegularFile).toList()) {
          files++;
          assertThat(indexOf(Files.readAllBytes(f), needle)).as("%s holds plaintext", f)
              .isEqualTo(-1);
        }
      }
    }
    assertThat(files).isPositive();
    assertThat(get(b, "notes.txt", 0, data.length)).isEqualTo(data);
  }

  @Test
  void readsGoOnWhenAPeerHoldingTheChunksIsDead() {
    String b = newBucket("fallback");
    byte[] data = random(6 * MIB, 42);
    put(b, "doc", data);
    TestPeer victim = fleet.peers.stream().filter(p -> p.usedBytes() > 0).findFirst()
        .orElseThrow();
    victim.stop();
    try {
      assertThat(get(b, "doc", 0, data.length)).isEqualTo(data);
      assertThat(get(b, "doc", 3 * MIB, MIB)).isEqualTo(java.util.Arrays.copyOfRange(data,
          3 * MIB, 4 * MIB));
    } finally {
      victim.resume();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
