package org.peervault.repository.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigV4SigningKeyTest {

  @Test
  void derivesTheKeyOfAwsDocumentedExample() {
    // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
    byte[] key = SigV4SigningKey.derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
        "us-east-1", "iam");

    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }
}
