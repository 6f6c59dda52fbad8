/**
 * The S3 gateway: the S3 REST protocol over {@link org.peervault.agent.objects.ObjectStore}.
 * Nothing below this package knows S3; nothing here stores bytes.
 *
 * <p>{@link org.peervault.agent.s3.S3Gateway} is a Jetty server whose one handler reads a
 * request ({@link org.peervault.agent.s3.S3Request}: path-style {@code /bucket/key} or
 * virtual-host-style {@code bucket.<base domain>/key}), checks its SigV4 signature
 * ({@code sigv4}), routes it ({@link org.peervault.agent.s3.S3Router}) to the bucket, listing,
 * object, multi-delete and multipart operations, and turns every failure into an S3 XML error
 * ({@link org.peervault.agent.s3.S3Error}) whose RequestId is the x-amz-request-id header.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>signing key</b>: SigV4's per-day key derived from a secret access key; the gateway
 *       gets it from {@link org.peervault.agent.s3.SigningKeys} and never sees the secret.</li>
 *   <li><b>common prefix</b>: the part of a key up to and including the listing's delimiter;
 *       a listing answers it once for all the keys that share it.</li>
 *   <li><b>sub-resource</b>: a query parameter that names what a request acts on
 *       ({@code ?uploads}, {@code ?location}, {@code ?delete}); unsupported ones answer
 *       NotImplemented.</li>
 * </ul>
 * See docs/s3-compatibility.md for what is and is not supported.
 */
package org.peervault.agent.s3;
