package org.peervault.agent.index;

import com.google.protobuf.ByteString;
import org.peervault.agent.chunk.ChunkId;

/**
 * One chunk of an indexed file.
 *
 * @param id the stored chunk's id
 * @param plainHash SHA-256 of its plaintext (32 bytes): what {@code LookupChunks} verifies
 * @param plainSizeBytes plaintext length
 */
public record IndexedChunk(ChunkId id, ByteString plainHash, int plainSizeBytes) {}
