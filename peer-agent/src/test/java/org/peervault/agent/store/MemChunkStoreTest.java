package org.peervault.agent.store;

class MemChunkStoreTest extends ChunkStoreContract {

  @Override
  protected ChunkStore newStore(long quotaBytes) {
    return new MemChunkStore(quotaBytes);
  }
}
