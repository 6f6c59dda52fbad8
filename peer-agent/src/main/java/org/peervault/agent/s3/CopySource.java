package org.peervault.agent.s3;

import org.peervault.agent.s3.sigv4.SigV4;

/**
 * The object an x-amz-copy-source header names: {@code [/]bucket/key[?versionId=null]},
 * URL-encoded.
 */
record CopySource(String bucket, String key) {

  static CopySource of(S3Request request) {
    String header = request.header("x-amz-copy-source").orElseThrow().strip();
    String version = null;
    int question = header.indexOf('?');
    if (question >= 0) {
      String query = header.substring(question + 1);
      header = header.substring(0, question);
      if (query.startsWith("versionId=")) {
        version = query.substring("versionId=".length());
      }
    }
    String decoded;
    try {
      decoded = SigV4.percentDecode(header);
    } catch (IllegalArgumentException e) {
      throw invalid(header);
    }
    if (decoded.startsWith("/")) {
      decoded = decoded.substring(1);
    }
    int slash = decoded.indexOf('/');
    if (slash <= 0 || slash == decoded.length() - 1) {
      throw invalid(header);
    }
    if (version != null && !version.equals("null")) {
      throw S3Error.INVALID_ARGUMENT.exception("Invalid version id specified in "
          + "x-amz-copy-source: buckets here are unversioned");
    }
    return new CopySource(decoded.substring(0, slash), decoded.substring(slash + 1));
  }

  private static S3Exception invalid(String header) {
    return S3Error.INVALID_ARGUMENT.exception("Copy Source must mention the source bucket and "
        + "key: sourcebucket/sourcekey, not \"" + header + "\"")
        .with("ArgumentName", "x-amz-copy-source");
  }
}
