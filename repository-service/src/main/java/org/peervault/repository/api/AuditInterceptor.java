package org.peervault.repository.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.PathParam;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.audit.AuditLog;
import org.peervault.repository.identity.Role;

/**
 * Writes an audit entry for every {@link Audited} call an admin or helpdesk makes: actor, role,
 * action, target (the path parameters, e.g. {@code id=42}), and outcome ({@code ok}, the stable
 * code of a domain failure, or {@code error}). Runs outside the action's transaction.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class AuditInterceptor {

  @Inject
  CurrentActor actor;

  @Inject
  AuditLog log;

  @AroundInvoke
  Object audit(InvocationContext ctx) throws Exception {
    boolean privileged = actor.roles().contains(Role.ADMIN)
        || actor.roles().contains(Role.HELPDESK);
    if (!privileged) {
      return ctx.proceed();
    }
    String outcome = "error";
    try {
      Object result = ctx.proceed();
      outcome = "ok";
      return result;
    } catch (PeerVaultException e) {
      outcome = e.code();
      throw e;
    } catch (jakarta.validation.ConstraintViolationException e) {
      outcome = "invalid-request";
      throw e;
    } finally {
      Long org = null;
      try {
        org = actor.organizationId();
      } catch (RuntimeException unresolved) {
        // an unknown organization is itself the failure being recorded
      }
      String role = actor.roles().contains(Role.ADMIN) ? Role.ADMIN : Role.HELPDESK;
      log.record(new AuditLog.Record(org, actor.username(), role, action(ctx), target(ctx),
          outcome));
    }
  }

  private static String action(InvocationContext ctx) {
    Audited a = ctx.getMethod().getAnnotation(Audited.class);
    return a != null && !a.value().isEmpty() ? a.value()
        : ctx.getMethod().getDeclaringClass().getSimpleName() + "." + ctx.getMethod().getName();
  }

  private static String target(InvocationContext ctx) {
    List<String> parts = new ArrayList<>();
    Annotation[][] annotations = ctx.getMethod().getParameterAnnotations();
    Object[] values = ctx.getParameters();
    for (int i = 0; i < annotations.length; i++) {
      for (Annotation a : annotations[i]) {
        if (a instanceof PathParam p) {
          parts.add(p.value() + "=" + values[i]);
        }
      }
    }
    return String.join(" ", parts);
  }
}
