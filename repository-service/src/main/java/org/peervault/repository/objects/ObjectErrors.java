package org.peervault.repository.objects;

import org.peervault.repository.PeerVaultException;

/**
 * The refusals of the object catalog. Their codes are S3's error codes in kebab case
 * ({@code no-such-bucket} for NoSuchBucket), so a gateway maps them back without a table.
 */
final class ObjectErrors {
  private ObjectErrors() {}

  static PeerVaultException noSuchBucket(String bucket) {
    return PeerVaultException.notFound("no-such-bucket", "s3: bucket " + quote(bucket)
        + " does not exist; create it first");
  }

  static PeerVaultException noSuchKey(String bucket, String key) {
    return PeerVaultException.notFound("no-such-key", "s3: no object " + quote(key)
        + " in bucket " + quote(bucket));
  }

  static PeerVaultException noSuchUpload(String uploadId) {
    return PeerVaultException.notFound("no-such-upload", "s3: upload " + quote(uploadId)
        + " does not exist for this bucket and key (completed, aborted or never started)");
  }

  static PeerVaultException accessDenied(String bucket) {
    return PeerVaultException.denied("access-denied", "s3: bucket " + quote(bucket)
        + " belongs to another user of your organization; use its owner's access key");
  }

  static PeerVaultException invalid(String code, String message) {
    return PeerVaultException.invalid(code, "s3: " + message);
  }

  static PeerVaultException precondition(String code, String message) {
    return PeerVaultException.precondition(code, "s3: " + message);
  }

  /** A name quoted for a message, control characters replaced, cut at 200 characters. */
  static String quote(String s) {
    String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    return "\"" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"";
  }
}
