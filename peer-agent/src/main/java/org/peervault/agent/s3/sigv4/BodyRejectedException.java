package org.peervault.agent.s3.sigv4;

import java.io.IOException;
import org.peervault.agent.s3.S3Exception;

/**
 * Thrown by a request body stream that refuses what it read (a bad chunk signature, a checksum
 * that does not match, a truncated aws-chunked body); the store then commits nothing and the
 * gateway answers with {@link #reason()}.
 */
public class BodyRejectedException extends IOException {
  private final transient S3Exception reason;

  public BodyRejectedException(S3Exception reason) {
    super(reason.error().code() + ": " + reason.getMessage(), reason);
    this.reason = reason;
  }

  public S3Exception reason() {
    return reason;
  }
}
