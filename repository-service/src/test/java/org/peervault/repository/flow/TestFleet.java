package org.peervault.repository.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.rpc.GrpcServer;

/**
 * The machines of one end-to-end test: an organization of its own (so tests sharing the
 * application never see each other's peers), an enrollment token, optionally an owner that backs
 * up, and peers that serve it, all in a temporary work directory removed at close.
 */
final class TestFleet implements AutoCloseable {
  final Path work;
  final long organization;
  final String organizationName;
  final String repository;
  final String token;
  final TestPeer owner;
  final List<TestPeer> peers = new ArrayList<>();

  private TestFleet(Path work, long organization, String organizationName, String repository,
      String token, TestPeer owner) {
    this.work = work;
    this.organization = organization;
    this.organizationName = organizationName;
    this.repository = repository;
    this.token = token;
    this.owner = owner;
  }

  /** An organization named {@code name-<random>}, an owner (if asked) and {@code peerCount} peers. */
  static TestFleet start(Enrollment enrollment, GrpcServer grpcServer, String name, long quotaBytes,
      boolean withOwner, int peerCount) throws IOException {
    Path work = Files.createTempDirectory("pv-" + name + "-");
    String organizationName = name + "-" + UUID.randomUUID();
    long organization = enrollment.createOrganization(organizationName);
    String token = enrollment.issueToken(organization, false, null);
    String repository = "127.0.0.1:" + grpcServer.port();
    TestPeer owner = withOwner ? TestPeer.start("owner", work, quotaBytes, repository, token) : null;
    TestFleet fleet = new TestFleet(work, organization, organizationName, repository, token,
        owner);
    for (int i = 1; i <= peerCount; i++) {
      fleet.peers.add(TestPeer.start("peer-" + i, work, quotaBytes, repository, token));
    }
    return fleet;
  }

  /** Sealed bytes stored on all peers together. */
  long storedOnPeers() {
    return peers.stream().mapToLong(TestPeer::usedBytes).sum();
  }

  @Override
  public void close() {
    if (owner != null) {
      owner.close();
    }
    peers.forEach(TestPeer::close);
    try (Stream<Path> all = Files.walk(work)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
