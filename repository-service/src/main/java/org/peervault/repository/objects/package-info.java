/**
 * Buckets, objects and multipart uploads of the S3 gateway (DESIGN.md "S3 gateway"), as lists of
 * the catalog's chunks: the repository never sees an object's bytes.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>principal</b>: the S3 access key a gateway acts for, and the key's owner. A device may
 *       act for a key only if an admin marked it as an <b>S3 gateway</b> (any key of its
 *       organization) or if the key belongs to the device's own owner ({@link GatewayAccess}).</li>
 *   <li><b>bucket</b>: a name unique in the organization, owned by the user who created it; only
 *       its owner's keys see and use it.</li>
 *   <li><b>object version</b>: the content (ordered chunks with their offsets), size, ETag and
 *       headers of a key. A commit makes a version visible only when every chunk has enough
 *       confirmed replicas, and replaces the key's previous version in the same transaction.</li>
 *   <li><b>upload</b>: a multipart upload; its <b>parts</b> are chunk lists too. Completing it
 *       joins the named parts' chunks into a version; aborting it forgets them.</li>
 * </ul>
 * Chunks of deleted versions and parts stay in the catalog until garbage collection finds them
 * unreferenced by file versions, object versions and parts.
 */
package org.peervault.repository.objects;
