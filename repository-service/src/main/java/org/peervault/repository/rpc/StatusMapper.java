package org.peervault.repository.rpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Caller;

/**
 * The one mapping from failures to gRPC statuses.
 *
 * <p>A {@link PeerVaultException} keeps its message and sends its stable code in the trailer
 * {@value #CODE_KEY}; a database that is unreachable, overloaded or reports a serialization
 * conflict becomes UNAVAILABLE (retry); anything else is INTERNAL: the stack trace is logged
 * with an incident id and only the id is returned.
 */
@ApplicationScoped
public class StatusMapper {
  /** Trailer carrying a domain error's stable code. */
  public static final String CODE_KEY = "peervault-error-code";
  static final Metadata.Key<String> CODE = Metadata.Key.of(CODE_KEY,
      Metadata.ASCII_STRING_MARSHALLER);
  private static final Logger LOG = Logger.getLogger(StatusMapper.class);

  /** The status exception to send for a failure of {@code method}. */
  public StatusRuntimeException toStatus(String method, Throwable failure) {
    PeerVaultException domain = find(failure, PeerVaultException.class);
    if (domain != null) {
      Status status = switch (domain.kind()) {
        case NOT_FOUND -> Status.NOT_FOUND;
        case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
        case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
        case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
        case UNAVAILABLE -> Status.UNAVAILABLE;
        case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      };
      LOG.infof("rpc: refused method=%s device=%s status=%s code=%s", method, callerId(),
          status.getCode(), domain.code());
      LOG.debugf("rpc: refused method=%s message=%s", method, domain.getMessage());
      Metadata trailers = new Metadata();
      trailers.put(CODE, domain.code());
      return status.withDescription(domain.getMessage()).asRuntimeException(trailers);
    }
    StatusRuntimeException grpc = find(failure, StatusRuntimeException.class);
    if (grpc != null) {
      return grpc;
    }
    StatusException grpcChecked = find(failure, StatusException.class);
    if (grpcChecked != null) {
      return grpcChecked.getStatus().asRuntimeException(grpcChecked.getTrailers());
    }
    if (isTransient(failure)) {
      LOG.warnf("rpc: database unavailable method=%s device=%s cause=%s", method, callerId(),
          rootMessage(failure));
      return Status.UNAVAILABLE.withDescription("repository: database temporarily unavailable"
          + " or busy; retry").asRuntimeException();
    }
    String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    LOG.errorf(failure, "rpc: internal error method=%s device=%s incident=%s", method,
        callerId(), incident);
    return Status.INTERNAL.withDescription("internal error, incident " + incident)
        .asRuntimeException();
  }

  private static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 40001/40P01: serialization failure, deadlock;
        // 53: insufficient resources; 57P: operator intervention (shutdown, restart).
        if (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
            || state.startsWith("53") || state.startsWith("57P")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static String callerId() {
    Caller caller = CallerContext.CALLER.get();
    return caller == null ? "-" : Long.toString(caller.deviceId());
  }
}
