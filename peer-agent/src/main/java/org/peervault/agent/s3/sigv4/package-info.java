/**
 * AWS Signature Version 4 as an S3 server checks it, and the request bodies it protects.
 *
 * <p>{@link org.peervault.agent.s3.sigv4.SigV4Verifier} checks the Authorization header or a
 * presigned URL's query (canonical request, string to sign, 15-minute clock skew, 1 s to 7 day
 * presign expiry); {@link org.peervault.agent.s3.sigv4.RequestBody} decodes aws-chunked bodies
 * ({@link org.peervault.agent.s3.sigv4.AwsChunkedInputStream}, chunk and trailer signatures
 * chained by {@link org.peervault.agent.s3.sigv4.ChunkSigner}) and verifies x-amz-content-sha256,
 * Content-MD5 and the x-amz-checksum-* headers and trailers while the body streams, failing at
 * end of stream so that a refused body is never stored.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>payload mode</b>: what x-amz-content-sha256 says about the body
 *       ({@link org.peervault.agent.s3.sigv4.PayloadMode}).</li>
 *   <li><b>seed signature</b>: the request's own signature, which the first chunk's signature
 *       chains from.</li>
 *   <li><b>trailer</b>: header lines after an aws-chunked body's last chunk, carrying a checksum
 *       computed while sending.</li>
 * </ul>
 */
package org.peervault.agent.s3.sigv4;
