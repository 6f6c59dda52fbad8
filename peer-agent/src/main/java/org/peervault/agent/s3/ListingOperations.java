package org.peervault.agent.s3;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;

/**
 * ListObjectsV2, ListObjects (v1) and ListObjectVersions (buckets are unversioned: every object
 * is its one version "null"). Continuation tokens are the opaque base64 of where the next page
 * starts.
 */
final class ListingOperations {
  /** S3's largest page. */
  static final int MAX_KEYS = 1000;

  private final ObjectStore store;

  ListingOperations(ObjectStore store) {
    this.store = store;
  }

  void listV2(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    Params params = Params.of(request);
    String token = request.param("continuation-token").orElse(null);
    String startAfter = request.param("start-after").orElse("");
    String cursor = token != null ? decodeToken(token) : startAfter;
    KeyListing.Page page = KeyListing.list(store, exchange.principal(), request.bucket(),
        params.prefix(), params.delimiter(), cursor, params.maxKeys());
    XmlWriter xml = start("ListBucketResult", request, params);
    params.limits(xml, page);
    xml.element("KeyCount", page.objects().size() + page.prefixes().size());
    xml.optional("ContinuationToken", token);
    if (page.truncated()) {
      xml.element("NextContinuationToken", encodeToken(page.cursor()));
    }
    if (request.has("start-after")) {
      xml.element("StartAfter", params.encode(startAfter));
    }
    params.encodingType(xml);
    boolean owner = "true".equals(request.query().get("fetch-owner"));
    contents(xml, page, params, owner ? exchange : null);
    exchange.sendXml(200, xml);
  }

  void listV1(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    Params params = Params.of(request);
    String marker = request.param("marker").orElse("");
    KeyListing.Page page = KeyListing.list(store, exchange.principal(), request.bucket(),
        params.prefix(), params.delimiter(), params.resume(marker), params.maxKeys());
    XmlWriter xml = start("ListBucketResult", request, params)
        .element("Marker", params.encode(marker));
    params.limits(xml, page);
    if (page.truncated() && page.lastEntry() != null) {
      xml.element("NextMarker", params.encode(page.lastEntry()));
    }
    params.encodingType(xml);
    contents(xml, page, params, exchange);
    exchange.sendXml(200, xml);
  }

  void listVersions(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    Params params = Params.of(request);
    String keyMarker = request.param("key-marker").orElse("");
    KeyListing.Page page = KeyListing.list(store, exchange.principal(), request.bucket(),
        params.prefix(), params.delimiter(), params.resume(keyMarker), params.maxKeys());
    XmlWriter xml = start("ListVersionsResult", request, params)
        .element("KeyMarker", params.encode(keyMarker))
        .element("VersionIdMarker", request.param("version-id-marker").orElse(""));
    params.limits(xml, page);
    if (page.truncated() && page.lastEntry() != null) {
      xml.element("NextKeyMarker", params.encode(page.lastEntry()))
          .element("NextVersionIdMarker", "null");
    }
    params.encodingType(xml);
    for (ObjectInfo object : page.objects()) {
      xml.start("Version")
          .element("Key", params.encode(object.key()))
          .element("VersionId", "null")
          .element("IsLatest", true)
          .element("LastModified", object.lastModified())
          .element("ETag", ContentHeaders.quote(object.etag()))
          .element("Size", object.sizeBytes());
      BucketOperations.owner(xml, exchange);
      xml.element("StorageClass", "STANDARD").end();
    }
    prefixes(xml, page, params);
    exchange.sendXml(200, xml);
  }

  /** A listing document naming its bucket and prefix. */
  private static XmlWriter start(String root, S3Request request, Params params) {
    return XmlWriter.document(root)
        .element("Name", request.bucket())
        .element("Prefix", params.encode(params.prefix()));
  }

  private static void contents(XmlWriter xml, KeyListing.Page page, Params params,
      S3Exchange ownerOf) {
    for (ObjectInfo object : page.objects()) {
      xml.start("Contents")
          .element("Key", params.encode(object.key()))
          .element("LastModified", object.lastModified())
          .element("ETag", ContentHeaders.quote(object.etag()))
          .element("Size", object.sizeBytes());
      if (ownerOf != null) {
        BucketOperations.owner(xml, ownerOf);
      }
      xml.element("StorageClass", "STANDARD").end();
    }
    prefixes(xml, page, params);
  }

  private static void prefixes(XmlWriter xml, KeyListing.Page page, Params params) {
    for (String prefix : page.prefixes()) {
      xml.start("CommonPrefixes").element("Prefix", params.encode(prefix)).end();
    }
  }

  static String encodeToken(String cursor) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Error.INVALID_ARGUMENT.exception("The continuation token provided is incorrect")
          .with("ArgumentName", "continuation-token");
    }
  }

  /** The parameters every listing shares. */
  private record Params(String prefix, String delimiter, int maxKeys, boolean urlEncoded,
      UnaryOperator<String> encoder) {

    static Params of(S3Request request) {
      String encoding = request.param("encoding-type").orElse(null);
      if (encoding != null && !encoding.equals("url")) {
        throw S3Error.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in "
            + "Request: only encoding-type=url is supported")
            .with("ArgumentName", "encoding-type").with("ArgumentValue", encoding);
      }
      boolean url = encoding != null;
      return new Params(request.param("prefix").orElse(""),
          request.param("delimiter").orElse(""), maxKeys(request), url,
          url ? text -> URLEncoder.encode(text, StandardCharsets.UTF_8) : text -> text);
    }

    String encode(String text) {
      return encoder.apply(text);
    }

    /** MaxKeys, Delimiter (when given) and IsTruncated. */
    void limits(XmlWriter xml, KeyListing.Page page) {
      xml.element("MaxKeys", maxKeys);
      if (!delimiter.isEmpty()) {
        xml.element("Delimiter", encode(delimiter));
      }
      xml.element("IsTruncated", page.truncated());
    }

    void encodingType(XmlWriter xml) {
      if (urlEncoded) {
        xml.element("EncodingType", "url");
      }
    }

    /**
     * Where a listing resumes after a marker: past every key of a marker that is one of this
     * listing's common prefixes (S3 answered it as NextMarker).
     */
    String resume(String marker) {
      if (!delimiter.isEmpty() && marker.startsWith(prefix) && marker.endsWith(delimiter)
          && marker.length() > prefix.length()) {
        return marker + KeyListing.AFTER_ALL;
      }
      return marker;
    }

    private static int maxKeys(S3Request request) {
      String value = request.param("max-keys").orElse(Integer.toString(MAX_KEYS));
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= 0) {
          return Math.min(parsed, MAX_KEYS);
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw S3Error.INVALID_ARGUMENT.exception("max-keys \"" + value + "\" must be a "
          + "non-negative integer").with("ArgumentName", "max-keys");
    }
  }
}
