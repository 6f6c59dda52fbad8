/**
 * Buckets and objects: the domain the S3 gateway ({@code org.peervault.agent.s3}) translates to.
 * No class here knows HTTP, XML or SigV4.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>bucket</b>: a named container of objects in one organization; names follow S3's DNS
 *       rules.</li>
 *   <li><b>object</b>: bytes under a key (1 to 1024 bytes of UTF-8) with content headers, user
 *       metadata and an ETag (hex MD5 of the bytes; for a multipart object, the MD5 of the parts'
 *       MD5s followed by {@code -<parts>}).</li>
 *   <li><b>upload</b>: a multipart upload in progress; its parts become an object when it is
 *       completed and disappear when it is aborted.</li>
 * </ul>
 */
package org.peervault.agent.objects;
