package org.peervault.agent.chunk;

import java.io.IOException;

/**
 * The chunks of one input, in order, from {@link Chunker#split}. Not thread-safe: one reader.
 * Closing it closes the input stream.
 */
public interface ChunkStream extends AutoCloseable {

  /**
   * The next chunk, or {@code null} at the end of the input. An empty input has no chunk.
   *
   * @throws IOException when reading the input fails
   */
  Chunk next() throws IOException;

  /** Closes the underlying input stream. */
  @Override
  void close() throws IOException;
}
