package org.peervault.agent.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.CompletedPart;
import org.peervault.agent.objects.ObjectStore.ObjectContent;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import org.peervault.agent.objects.ObjectStore.Part;
import org.peervault.agent.objects.ObjectStore.Upload;
import org.peervault.agent.s3.sigv4.RequestBody;
import org.w3c.dom.Element;

/**
 * Multipart uploads: CreateMultipartUpload, UploadPart, UploadPartCopy, ListParts,
 * CompleteMultipartUpload, AbortMultipartUpload and ListMultipartUploads.
 */
final class MultipartOperations {
  /** S3's part numbers. */
  static final int MAX_PART_NUMBER = 10_000;
  /** S3's largest part. */
  static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;

  private final ObjectStore store;

  MultipartOperations(ObjectStore store) {
    this.store = store;
  }

  void create(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    String uploadId = store.createUpload(exchange.principal(), request.bucket(), request.key(),
        ContentHeaders.fromRequest(request));
    exchange.sendXml(200, XmlWriter.document("InitiateMultipartUploadResult")
        .element("Bucket", request.bucket())
        .element("Key", request.key())
        .element("UploadId", uploadId));
  }

  void uploadPart(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    String uploadId = uploadId(request);
    int partNumber = partNumber(request.param("partNumber").orElse(""));
    if (request.header("x-amz-copy-source").isPresent()) {
      copyPart(exchange, uploadId, partNumber);
      return;
    }
    RequestBody body = ObjectOperations.checkedBody(exchange, MAX_PART_BYTES);
    Part part = store.putPart(exchange.principal(), request.bucket(), request.key(), uploadId,
        partNumber, body.stream(), body.lengthBytes());
    exchange.header("ETag", ContentHeaders.quote(part.etag()));
    exchange.sendEmpty(200);
  }

  /**
   * UploadPartCopy: a part from (a range of) an existing object, streamed from the store back
   * into it.
   */
  private void copyPart(S3Exchange exchange, String uploadId, int partNumber)
      throws IOException {
    S3Request request = exchange.request();
    CopySource source = CopySource.of(request);
    ObjectInfo sourceInfo = store.head(exchange.principal(), source.bucket(), source.key());
    Preconditions.checkCopySource(request, sourceInfo);
    long offset = 0;
    long length = sourceInfo.sizeBytes();
    Optional<String> rangeHeader = request.header("x-amz-copy-source-range");
    if (rangeHeader.isPresent()) {
      ByteRange range = ByteRange.parse(rangeHeader, sourceInfo.sizeBytes())
          .filter(r -> !rangeHeader.get().contains("=-"))
          .orElseThrow(() -> S3Error.INVALID_ARGUMENT.exception("x-amz-copy-source-range \""
              + rangeHeader.get() + "\" must be bytes=first-last within the source")
              .with("ArgumentName", "x-amz-copy-source-range"));
      offset = range.offsetBytes();
      length = range.lengthBytes();
    }
    if (length > MAX_PART_BYTES) {
      throw S3Error.ENTITY_TOO_LARGE.exception("a copied part of " + length
          + " bytes is larger than " + MAX_PART_BYTES + ": copy a range");
    }
    Part part;
    try (ObjectContent content = store.get(exchange.principal(), source.bucket(),
        source.key(), offset, length)) {
      part = store.putPart(exchange.principal(), request.bucket(), request.key(), uploadId,
          partNumber, content.stream(), length);
    }
    exchange.sendXml(200, XmlWriter.document("CopyPartResult")
        .element("LastModified", part.lastModified())
        .element("ETag", ContentHeaders.quote(part.etag())));
  }

  void listParts(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    String uploadId = uploadId(request);
    int marker = request.param("part-number-marker").map(v -> v.isEmpty() ? 0 : count(v,
        "part-number-marker")).orElse(0);
    int maxParts = Math.min(request.param("max-parts").map(v -> count(v, "max-parts"))
        .orElse(1000), 1000);
    List<Part> parts = store.listParts(exchange.principal(), request.bucket(), request.key(),
        uploadId).stream().filter(p -> p.partNumber() > marker).toList();
    List<Part> page = parts.subList(0, Math.min(maxParts, parts.size()));
    boolean truncated = parts.size() > page.size();
    XmlWriter xml = XmlWriter.document("ListPartsResult")
        .element("Bucket", request.bucket())
        .element("Key", request.key())
        .element("UploadId", uploadId);
    BucketOperations.party(xml, "Initiator", exchange);
    BucketOperations.owner(xml, exchange);
    xml.element("StorageClass", "STANDARD")
        .element("PartNumberMarker", marker)
        .element("NextPartNumberMarker", page.isEmpty() ? marker
            : page.get(page.size() - 1).partNumber())
        .element("MaxParts", maxParts)
        .element("IsTruncated", truncated);
    for (Part part : page) {
      xml.start("Part").element("PartNumber", part.partNumber())
          .element("LastModified", part.lastModified())
          .element("ETag", ContentHeaders.quote(part.etag()))
          .element("Size", part.sizeBytes()).end();
    }
    exchange.sendXml(200, xml);
  }

  void complete(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    String uploadId = uploadId(request);
    Element root = XmlRequests.parse(XmlRequests.read(exchange.body().stream()),
        "CompleteMultipartUpload");
    List<CompletedPart> parts = new ArrayList<>();
    for (Element part : XmlRequests.children(root, "Part")) {
      int number = partNumber(XmlRequests.childText(part, "PartNumber").orElseThrow(() ->
          S3Error.MALFORMED_XML.exception("a <Part> lacks its <PartNumber>")).strip());
      String etag = XmlRequests.childText(part, "ETag").orElseThrow(() ->
          S3Error.MALFORMED_XML.exception("a <Part> lacks its <ETag>")).strip();
      if (!parts.isEmpty() && parts.get(parts.size() - 1).partNumber() >= number) {
        throw S3Error.INVALID_PART_ORDER.exception("The list of parts was not in ascending "
            + "order: part " + number + " follows part "
            + parts.get(parts.size() - 1).partNumber()).with("UploadId", uploadId);
      }
      parts.add(new CompletedPart(number, unquote(etag)));
    }
    if (parts.isEmpty()) {
      throw S3Error.MALFORMED_XML.exception("a CompleteMultipartUpload names at least one "
          + "<Part>");
    }
    ObjectInfo info = store.completeUpload(exchange.principal(), request.bucket(),
        request.key(), uploadId, parts);
    exchange.sendXml(200, XmlWriter.document("CompleteMultipartUploadResult")
        .element("Location", "/" + request.bucket() + "/" + request.key())
        .element("Bucket", request.bucket())
        .element("Key", request.key())
        .element("ETag", ContentHeaders.quote(info.etag())));
  }

  void abort(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    store.abortUpload(exchange.principal(), request.bucket(), request.key(),
        uploadId(request));
    exchange.sendEmpty(204);
  }

  void listUploads(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    String prefix = request.param("prefix").orElse("");
    String delimiter = request.param("delimiter").orElse("");
    String keyMarker = request.param("key-marker").orElse("");
    String uploadMarker = request.param("upload-id-marker").orElse("");
    int maxUploads = Math.min(request.param("max-uploads").map(v -> count(v, "max-uploads"))
        .orElse(1000), 1000);
    UploadListing.Page page = UploadListing.page(
        store.listUploads(exchange.principal(), request.bucket(), prefix), prefix, delimiter,
        keyMarker, uploadMarker, maxUploads);
    XmlWriter xml = XmlWriter.document("ListMultipartUploadsResult")
        .element("Bucket", request.bucket())
        .element("KeyMarker", keyMarker)
        .element("UploadIdMarker", uploadMarker)
        .element("Prefix", prefix);
    if (!delimiter.isEmpty()) {
      xml.element("Delimiter", delimiter);
    }
    if (page.truncated()) {
      xml.element("NextKeyMarker", page.nextKeyMarker())
          .element("NextUploadIdMarker", page.nextUploadIdMarker());
    }
    xml.element("MaxUploads", maxUploads).element("IsTruncated", page.truncated());
    for (Upload upload : page.uploads()) {
      xml.start("Upload").element("Key", upload.key()).element("UploadId", upload.uploadId());
      BucketOperations.party(xml, "Initiator", exchange);
      BucketOperations.owner(xml, exchange);
      xml.element("StorageClass", "STANDARD")
          .element("Initiated", upload.initiatedAt()).end();
    }
    for (String common : page.prefixes()) {
      xml.start("CommonPrefixes").element("Prefix", common).end();
    }
    exchange.sendXml(200, xml);
  }

  private static String uploadId(S3Request request) {
    String id = request.param("uploadId").orElse("");
    if (id.isEmpty()) {
      throw S3Error.INVALID_ARGUMENT.exception("the uploadId parameter is empty")
          .with("ArgumentName", "uploadId");
    }
    return id;
  }

  private static int partNumber(String value) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 1 && number <= MAX_PART_NUMBER) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Error.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and "
        + MAX_PART_NUMBER + ", inclusive, not \"" + value + "\"")
        .with("ArgumentName", "partNumber").with("ArgumentValue", value);
  }

  private static int count(String value, String name) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Error.INVALID_ARGUMENT.exception(name + " \"" + value + "\" must be a "
        + "non-negative integer").with("ArgumentName", name);
  }

  private static String unquote(String etag) {
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }
}
