package org.peervault.repository.rpc;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.function.BiFunction;
import org.peervault.proto.v1.Bucket;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.ObjectChunk;
import org.peervault.proto.v1.ObjectHeaders;
import org.peervault.proto.v1.ObjectInfo;
import org.peervault.proto.v1.Part;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.Upload;
import org.peervault.repository.objects.Buckets;
import org.peervault.repository.objects.ChunkSlice;
import org.peervault.repository.objects.Objects;
import org.peervault.repository.objects.StoredObject;
import org.peervault.repository.objects.Uploads;

/** Translates the object catalog's messages to and from the domain's records. */
final class ObjectMessages {
  private ObjectMessages() {}

  static Bucket toProto(Buckets.Bucket b) {
    return Bucket.newBuilder().setName(b.name()).setCreatedAtMillis(b.createdAt().toEpochMilli())
        .build();
  }

  static ObjectInfo toProto(StoredObject o) {
    return ObjectInfo.newBuilder().setKey(o.key()).setSizeBytes(o.sizeBytes()).setEtag(o.etag())
        .setLastModifiedMillis(o.lastModified().toEpochMilli()).setHeaders(toProto(o.headers()))
        .setVersion(o.version()).build();
  }

  static ObjectHeaders toProto(org.peervault.repository.objects.ObjectHeaders h) {
    return ObjectHeaders.newBuilder().setContentType(h.contentType())
        .putAllContentHeaders(h.contentHeaders()).putAllUserMetadata(h.userMetadata()).build();
  }

  static org.peervault.repository.objects.ObjectHeaders toDomain(ObjectHeaders h) {
    return new org.peervault.repository.objects.ObjectHeaders(h.getContentType(),
        h.getContentHeadersMap(), h.getUserMetadataMap());
  }

  static List<ChunkSlice> toSlices(List<ChunkRef> refs) {
    return refs.stream().map(r -> new ChunkSlice(r.getChunkId(), r.getPlainSizeBytes(),
        r.getPlainHash().toByteArray())).toList();
  }

  static Part toProto(Uploads.Part p) {
    return Part.newBuilder().setPartNumber(p.partNumber()).setSizeBytes(p.sizeBytes())
        .setEtag(p.etag()).setLastModifiedMillis(p.lastModified().toEpochMilli()).build();
  }

  static Upload toProto(Uploads.Upload u) {
    return Upload.newBuilder().setKey(u.key()).setUploadId(u.uploadId())
        .setInitiatedAtMillis(u.initiatedAt().toEpochMilli()).build();
  }

  /** A located chunk with a FETCH grant for its holders. */
  static ObjectChunk toProto(Objects.Span s, BiFunction<String, List<Long>, Grant> fetchGrant) {
    var c = s.location();
    ChunkLocation.Builder location = ChunkLocation.newBuilder().setChunkId(c.chunkId())
        .setKey(ByteString.copyFrom(c.key())).setStoredSizeBytes(c.storedSizeBytes())
        .setGrant(fetchGrant.apply(c.chunkId(), c.replicas().stream().map(h -> h.deviceId())
            .toList()));
    c.replicas().forEach(h -> location.addReplicas(PeerRef.newBuilder().setDeviceId(h.deviceId())
        .setAddress(h.address())));
    return ObjectChunk.newBuilder().setOffsetBytes(s.span().offsetBytes())
        .setPlainSizeBytes(s.span().plainSizeBytes()).setLocation(location).build();
  }
}
