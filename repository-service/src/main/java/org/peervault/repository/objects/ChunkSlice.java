package org.peervault.repository.objects;

/**
 * One chunk of an object or part, as a gateway names it at commit.
 *
 * @param plainHash SHA-256 of the chunk's plaintext: only who knows the content may reference it
 */
public record ChunkSlice(String chunkId, long plainSizeBytes, byte[] plainHash) {}
