package org.peervault.repository.objects;

import java.util.Map;

/**
 * Content headers and user metadata stored with an object or an upload.
 *
 * @param contentType the Content-Type
 * @param contentHeaders Content-Encoding, Content-Disposition, Content-Language, Cache-Control
 *     and Expires, by canonical name
 * @param userMetadata x-amz-meta-* entries, lower-case names without the prefix
 */
public record ObjectHeaders(String contentType, Map<String, String> contentHeaders,
    Map<String, String> userMetadata) {

  public ObjectHeaders {
    contentType = contentType == null || contentType.isEmpty() ? DEFAULT_CONTENT_TYPE
        : contentType;
    contentHeaders = Map.copyOf(contentHeaders);
    userMetadata = Map.copyOf(userMetadata);
  }

  /** S3's Content-Type when a client sends none. */
  public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
}
