package org.peervault.agent.s3.sigv4;

/**
 * The expected signatures of an aws-chunked body's chunks and trailer: each chunk's string to sign
 * names the previous signature, starting from the request's (the seed), so chunks can be neither
 * reordered nor dropped. Not thread-safe: one per request body.
 */
public final class ChunkSigner {
  private final byte[] signingKey;
  private final String amzDate;
  private final String scope;
  private String previousSignature;

  public ChunkSigner(byte[] signingKey, String amzDate, String scope, String seedSignature) {
    this.signingKey = signingKey.clone();
    this.amzDate = amzDate;
    this.scope = scope;
    this.previousSignature = seedSignature;
  }

  /** The signature the next chunk must carry, given its data's hex SHA-256; chains it. */
  public String nextChunk(String chunkSha256Hex) {
    String stringToSign = SigV4.CHUNK_ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + previousSignature + "\n" + SigV4.EMPTY_SHA256 + "\n" + chunkSha256Hex;
    previousSignature = SigV4.sign(signingKey, stringToSign);
    return previousSignature;
  }

  /** The signature the trailer must carry, given its canonical text ("name:value\n" each). */
  public String trailer(String canonicalTrailer) {
    String stringToSign = SigV4.TRAILER_ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + previousSignature + "\n" + SigV4.sha256Hex(canonicalTrailer);
    previousSignature = SigV4.sign(signingKey, stringToSign);
    return previousSignature;
  }
}
