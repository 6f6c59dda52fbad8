package org.peervault.repository.rpc;

import org.peervault.repository.policy.PolicySettings;

import com.google.protobuf.ByteString;
import org.peervault.proto.v1.Grant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peervault.proto.v1.ChunkKey;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.PeerGrant;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.Placement;
import org.peervault.proto.v1.RestoreBatch;
import org.peervault.proto.v1.Snapshot;
import org.peervault.proto.v1.SnapshotStats;
import org.peervault.repository.catalog.Chunks;
import org.peervault.repository.catalog.FileEntry;
import org.peervault.repository.catalog.SnapshotSummary;
import org.peervault.repository.placement.ChunkPlacement;
import org.peervault.repository.placement.Peer;

/** Translates between protobuf messages and domain values. Stateless. */
final class MessageMapper {

  private MessageMapper() {}

  static FileEntry toEntry(FileVersion f) {
    List<FileEntry.Slice> slices = new ArrayList<>(f.getChunksCount());
    for (ChunkRef ref : f.getChunksList()) {
      slices.add(new FileEntry.Slice(ref.getChunkId(), ref.getPlainSizeBytes(), ref.getPlainHash().toByteArray()));
    }
    return new FileEntry(f.getPath(), toKind(f.getKind()), f.getSizeBytes(), f.getMode(),
        f.getMtimeMillis(), f.getLinkTarget(), slices);
  }

  static FileVersion toProto(FileEntry f) {
    FileVersion.Builder b = FileVersion.newBuilder()
        .setPath(f.path())
        .setKind(toProto(f.kind()))
        .setSizeBytes(f.sizeBytes())
        .setMode(f.mode())
        .setMtimeMillis(f.mtimeMillis())
        .setLinkTarget(f.linkTarget());
    for (FileEntry.Slice s : f.chunks()) {
      b.addChunks(ChunkRef.newBuilder().setChunkId(s.chunkId())
          .setPlainSizeBytes(s.plainSizeBytes()));
    }
    return b.build();
  }

  /** The domain kind, or null for unspecified or unknown kinds (the domain refuses those). */
  static org.peervault.repository.catalog.FileVersion.Kind toKind(FileKind kind) {
    return switch (kind) {
      case FILE_KIND_REGULAR -> org.peervault.repository.catalog.FileVersion.Kind.REGULAR;
      case FILE_KIND_DIRECTORY -> org.peervault.repository.catalog.FileVersion.Kind.DIRECTORY;
      case FILE_KIND_SYMLINK -> org.peervault.repository.catalog.FileVersion.Kind.SYMLINK;
      default -> null;
    };
  }

  static FileKind toProto(org.peervault.repository.catalog.FileVersion.Kind kind) {
    return switch (kind) {
      case REGULAR -> FileKind.FILE_KIND_REGULAR;
      case DIRECTORY -> FileKind.FILE_KIND_DIRECTORY;
      case SYMLINK -> FileKind.FILE_KIND_SYMLINK;
    };
  }

  static ChunkKey toProto(Chunks.KeyAnswer answer) {
    return ChunkKey.newBuilder()
        .setPlainHash(ByteString.copyFrom(answer.plainHash()))
        .setKey(ByteString.copyFrom(answer.key()))
        .setKeyVersion(answer.keyVersion())
        .setChunkId(answer.chunkId())
        .build();
  }

  /** A placement without a grant of its own: its response carries one grant per peer. */
  static Placement toProto(ChunkPlacement placement) {
    Placement.Builder b = Placement.newBuilder()
        .setChunkId(placement.chunkId())
        .setRequiredReplicas(placement.requiredReplicas())
        .setAchievedAvailability(placement.achievedAvailability())
        .setTargetAvailability(placement.targetAvailability());
    for (Peer p : placement.peers()) {
      b.addPeers(PeerRef.newBuilder().setDeviceId(p.deviceId()).setAddress(p.address()));
    }
    return b.build();
  }

  static org.peervault.repository.catalog.SnapshotStats toStats(SnapshotStats s) {
    return new org.peervault.repository.catalog.SnapshotStats(s.getFiles(), s.getBytes(),
        s.getNewChunks(), s.getDeduplicatedChunks(), s.getUploadedBytes(), s.getSkippedFiles());
  }

  static Snapshot toProto(SnapshotSummary s) {
    org.peervault.repository.catalog.SnapshotStats st = s.stats();
    Snapshot.Builder b = Snapshot.newBuilder();
    if (s.availability() != null) {
      b.setHasAvailability(true)
          .setAchievedAvailability(s.availability().achieved())
          .setTargetAvailability(s.availability().target())
          .setBelowTarget(s.availability().belowTarget());
    }
    return b
        .setId(s.id())
        .setDeviceId(s.deviceId())
        .setHost(s.host())
        .addAllRoots(s.roots())
        .setStartedAtMillis(millis(s.startedAt()))
        .setFinishedAtMillis(millis(s.committedAt()))
        .setStats(SnapshotStats.newBuilder()
            .setFiles(st.files())
            .setBytes(st.bytes())
            .setNewChunks(st.newChunks())
            .setDeduplicatedChunks(st.deduplicatedChunks())
            .setUploadedBytes(st.uploadedBytes())
            .setSkippedFiles(st.skippedFiles()))
        .build();
  }

  /**
   * A restore batch with one FETCH grant per replica holder, covering the batch's chunks it holds;
   * {@code peerGrant} signs one for a peer and its chunk ids.
   */
  static RestoreBatch toProto(org.peervault.repository.restore.RestoreBatch batch,
      java.util.function.BiFunction<Long, List<String>, Grant> peerGrant) {
    RestoreBatch.Builder b = RestoreBatch.newBuilder();
    batch.files().forEach(f -> b.addFiles(toProto(f)));
    Map<Long, List<String>> chunksByPeer = new LinkedHashMap<>();
    for (org.peervault.repository.restore.RestoreBatch.ChunkLocation c : batch.chunks()) {
      ChunkLocation.Builder location = ChunkLocation.newBuilder()
          .setChunkId(c.chunkId())
          .setKey(ByteString.copyFrom(c.key()))
          .setStoredSizeBytes(c.storedSizeBytes());
      c.replicas().forEach(h -> {
        location.addReplicas(PeerRef.newBuilder().setDeviceId(h.deviceId()).setAddress(h.address()));
        chunksByPeer.computeIfAbsent(h.deviceId(), peer -> new ArrayList<>()).add(c.chunkId());
      });
      b.addChunks(location);
    }
    chunksByPeer.forEach((peer, chunkIds) -> b.addPeerGrants(
        PeerGrant.newBuilder().setDeviceId(peer).setGrant(peerGrant.apply(peer, chunkIds))));
    return b.build();
  }

  static ByteString der(java.security.cert.X509Certificate certificate) {
    try {
      return ByteString.copyFrom(certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("trust: cannot encode a certificate", e);
    }
  }

  private static long millis(Instant instant) {
    return instant == null ? 0 : instant.toEpochMilli();
  }

  static org.peervault.proto.v1.Policy toProto(PolicySettings p) {
    return org.peervault.proto.v1.Policy.newBuilder()
        .setId(p.id())
        .setName(p.name())
        .addAllIncludePaths(p.includePaths())
        .addAllExcludePatterns(p.excludePatterns())
        .setSchedule(p.schedule().toString())
        .setRetentionDays(p.retentionDays())
        .addAllRecordPatterns(p.recordPatterns())
        .setRecordRetentionDays(p.recordRetentionDays())
        .setTargetAvailability(p.targetAvailability())
        .setPeerQuotaBytes(p.peerQuotaBytes())
        .build();
  }
}
