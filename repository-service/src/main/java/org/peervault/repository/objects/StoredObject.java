package org.peervault.repository.objects;

import java.time.Instant;

/**
 * An object version as the catalog holds it.
 *
 * @param version the version's id; a replaced or deleted version's id is never reused
 * @param sizeBytes the object's size
 * @param etag hex MD5, or MD5 of the parts' MD5s then {@code -<parts>}
 */
public record StoredObject(long version, String key, long sizeBytes, String etag,
    Instant lastModified, ObjectHeaders headers) {}
