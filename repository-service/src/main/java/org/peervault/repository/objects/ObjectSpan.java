package org.peervault.repository.objects;

/**
 * A chunk at its place in an object version.
 *
 * @param offsetBytes where the chunk starts in the object
 */
public record ObjectSpan(String chunkId, long offsetBytes, long plainSizeBytes) {}
