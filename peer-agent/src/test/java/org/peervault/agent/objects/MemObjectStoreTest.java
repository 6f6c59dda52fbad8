package org.peervault.agent.objects;

import java.time.Clock;
import org.peervault.agent.objects.ObjectStore.Principal;

/** The object store contract against the in-memory store the gateway's tests use. */
class MemObjectStoreTest extends ObjectStoreContract {
  private final MemObjectStore store = new MemObjectStore(Clock.systemUTC());
  private final Principal principal = new Principal(1, 1, "PVTESTKEY000000000000");

  @Override
  protected ObjectStore store() {
    return store;
  }

  @Override
  protected Principal principal() {
    return principal;
  }
}
