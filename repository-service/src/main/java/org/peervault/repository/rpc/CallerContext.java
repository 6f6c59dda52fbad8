package org.peervault.repository.rpc;

import io.grpc.Context;
import org.peervault.repository.device.Caller;

/** Carries the authenticated caller from {@link DeviceAuthInterceptor} to the services. */
final class CallerContext {
  /** The caller of the current call; absent only for RegisterDevice. */
  static final Context.Key<Caller> CALLER = Context.key("peervault-caller");

  private CallerContext() {}

  /** The caller of the current call. */
  static Caller current() {
    Caller caller = CALLER.get();
    if (caller == null) {
      throw new IllegalStateException("rpc: no authenticated caller in this context");
    }
    return caller;
  }
}
