package org.peervault.agent.s3.sigv4;

/** How a request's body is protected, from its x-amz-content-sha256 header. */
public enum PayloadMode {
  /** The header holds the hex SHA-256 of the whole body, checked at its end. */
  SIGNED,
  /** UNSIGNED-PAYLOAD (also every presigned URL). */
  UNSIGNED,
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked, every chunk signed. */
  STREAMING_SIGNED,
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks and a signed trailer. */
  STREAMING_SIGNED_TRAILER,
  /** STREAMING-UNSIGNED-PAYLOAD-TRAILER: aws-chunked with an unsigned trailer. */
  STREAMING_UNSIGNED_TRAILER;

  /** True for the aws-chunked modes. */
  public boolean chunked() {
    return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER
        || this == STREAMING_UNSIGNED_TRAILER;
  }

  /** True when the body ends with a trailer. */
  public boolean trailer() {
    return this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
  }

  /** True when chunks carry signatures. */
  public boolean signedChunks() {
    return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
  }
}
