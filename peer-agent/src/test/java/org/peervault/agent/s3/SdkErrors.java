package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Assertions on the S3 errors the SDK reports. */
final class SdkErrors {
  private SdkErrors() {}

  /** Runs a call that must fail with an S3 error of that status and code (none for HEAD). */
  static S3Exception expect(ThrowingCallable call, int status, String code) {
    S3Exception e = catchThrowableOfType(S3Exception.class, call);
    assertThat(e).as("an S3 error " + code).isNotNull();
    assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
    if (code != null) {
      assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
    }
    assertThat(e.requestId()).isNotBlank();
    assertThat(e.extendedRequestId()).isNotBlank();
    return e;
  }
}
