package org.peervault.agent.s3;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStoreException;
import org.w3c.dom.Element;

/**
 * DeleteObjects: up to 1000 keys in one XML request, whose body must carry a Content-MD5 or an
 * x-amz-checksum-* (checked before anything is deleted); quiet mode answers only the failures.
 */
final class MultiDelete {
  /** S3's most keys in one DeleteObjects. */
  static final int MAX_KEYS = 1000;

  private final ObjectStore store;

  MultiDelete(ObjectStore store) {
    this.store = store;
  }

  void delete(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    boolean digest = request.header("content-md5").isPresent()
        || request.header("x-amz-trailer").isPresent()
        || request.signed().headers().keySet().stream()
            .anyMatch(name -> name.startsWith("x-amz-checksum-"));
    if (!digest) {
      throw S3Error.INVALID_REQUEST.exception("Missing required header for this request: "
          + "Content-MD5 (or an x-amz-checksum-* header)");
    }
    BucketOperations.requireBucket(store, exchange);
    byte[] body = XmlRequests.read(exchange.body().stream());
    Element root = XmlRequests.parse(body, "Delete");
    boolean quiet = XmlRequests.childText(root, "Quiet").map(String::strip)
        .map(Boolean::parseBoolean).orElse(false);
    List<Element> objects = XmlRequests.children(root, "Object");
    if (objects.isEmpty() || objects.size() > MAX_KEYS) {
      throw S3Error.MALFORMED_XML.exception("a Delete names 1 to " + MAX_KEYS
          + " objects, not " + objects.size());
    }
    XmlWriter xml = XmlWriter.document("DeleteResult");
    for (Element object : objects) {
      String key = XmlRequests.childText(object, "Key").orElseThrow(() ->
          S3Error.MALFORMED_XML.exception("an <Object> of the Delete lacks its <Key>"));
      Optional<String> version = XmlRequests.childText(object, "VersionId");
      Optional<String> failure = deleteOne(exchange, key, version);
      if (failure.isPresent()) {
        xml.start("Error").element("Key", key);
        version.ifPresent(v -> xml.element("VersionId", v));
        String[] codeAndMessage = failure.get().split("\n", 2);
        xml.element("Code", codeAndMessage[0]).element("Message", codeAndMessage[1]).end();
      } else if (!quiet) {
        xml.start("Deleted").element("Key", key);
        version.ifPresent(v -> xml.element("VersionId", v));
        xml.end();
      }
    }
    exchange.sendXml(200, xml);
  }

  /** Deletes one key; the failure as "Code\nMessage", or empty. */
  private Optional<String> deleteOne(S3Exchange exchange, String key, Optional<String> version) {
    if (version.isPresent() && !version.get().equals("null")) {
      return Optional.of("NoSuchVersion\nThe specified version does not exist: buckets here "
          + "are unversioned");
    }
    if (key.isEmpty() || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > S3Router.MAX_KEY_BYTES) {
      return Optional.of(S3Error.KEY_TOO_LONG.code() + "\nthe key must have 1 to "
          + S3Router.MAX_KEY_BYTES + " bytes");
    }
    try {
      store.delete(exchange.principal(), exchange.request().bucket(), key);
      return Optional.empty();
    } catch (ObjectStoreException e) {
      String code = S3Error.byCode(e.code()).map(S3Error::code)
          .orElse(S3Error.INTERNAL_ERROR.code());
      return Optional.of(code + "\n" + e.getMessage());
    }
  }
}
