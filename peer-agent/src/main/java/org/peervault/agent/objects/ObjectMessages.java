package org.peervault.agent.objects;

import java.time.Instant;
import org.peervault.agent.objects.ObjectStore.Bucket;
import org.peervault.agent.objects.ObjectStore.ObjectHeaders;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import org.peervault.agent.objects.ObjectStore.Part;

/** Translates the object catalog's messages to and from {@link ObjectStore}'s records. */
final class ObjectMessages {
  private ObjectMessages() {}

  static Bucket bucket(org.peervault.proto.v1.Bucket b) {
    return new Bucket(b.getName(), Instant.ofEpochMilli(b.getCreatedAtMillis()));
  }

  static ObjectInfo info(org.peervault.proto.v1.ObjectInfo o) {
    var h = o.getHeaders();
    return new ObjectInfo(o.getKey(), o.getSizeBytes(), o.getEtag(),
        Instant.ofEpochMilli(o.getLastModifiedMillis()), new ObjectHeaders(h.getContentType(),
            h.getContentHeadersMap(), h.getUserMetadataMap()));
  }

  static org.peervault.proto.v1.ObjectHeaders toProto(ObjectHeaders h) {
    return org.peervault.proto.v1.ObjectHeaders.newBuilder()
        .setContentType(h.contentType() == null ? "" : h.contentType())
        .putAllContentHeaders(h.contentHeaders()).putAllUserMetadata(h.userMetadata()).build();
  }

  static Part part(org.peervault.proto.v1.Part p) {
    return new Part(p.getPartNumber(), p.getSizeBytes(), p.getEtag(),
        Instant.ofEpochMilli(p.getLastModifiedMillis()));
  }
}
