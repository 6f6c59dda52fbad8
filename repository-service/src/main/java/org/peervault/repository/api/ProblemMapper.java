package org.peervault.repository.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.peervault.repository.PeerVaultException;

/**
 * The one mapping from failures to RFC 9457 problem details ({@code application/problem+json}):
 * {@code type} (a URN naming the stable code), {@code title}, {@code status}, {@code detail} (a
 * message that says what to do), {@code code} and {@code instance} (the request path).
 * Validation failures list their fields in {@code errors}; unexpected failures log the trace
 * with an incident id and return only the id.
 */
public class ProblemMapper {
  /** The problem media type. */
  public static final String PROBLEM_JSON = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  private static final String TYPE_PREFIX = "urn:peervault:problem:";

  /** A field that failed validation. */
  public record FieldError(String field, String message) {}

  @ServerExceptionMapper
  public Response domain(PeerVaultException e, UriInfo uri) {
    int status = switch (e.kind()) {
      case NOT_FOUND -> 404;
      case INVALID_ARGUMENT -> 400;
      case FAILED_PRECONDITION -> 409;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case UNAVAILABLE -> 503;
      case RESOURCE_EXHAUSTED -> 429;
    };
    return problem(status, e.code(), e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e, UriInfo uri) {
    List<FieldError> errors = e.getConstraintViolations().stream()
        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(v -> new FieldError(field(v), v.getMessage())).toList();
    String detail = "the request is invalid: " + String.join("; ", errors.stream()
        .map(f -> f.field() + " " + f.message()).toList());
    return problem(400, "invalid-request", detail, uri, errors);
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
    return signIn(uri);
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
    return signIn(uri);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return problem(403, "forbidden", "your role may not do this; ask an admin", uri, null);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e, uri);
    }
    String code = switch (status) {
      case 400 -> "bad-request";
      case 401 -> "not-signed-in";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 415 -> "unsupported-media-type";
      default -> "http-" + status;
    };
    String detail = status == 400 ? "the request is malformed: " + e.getMessage()
        : status == 404 ? "no such resource: " + uri.getPath() : e.getMessage();
    return problem(status, code, detail, uri, null);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    LOG.errorf(e, "api: internal error path=%s incident=%s", uri.getPath(), incident);
    return problem(500, "internal-error", "internal error, incident " + incident
        + "; the service log has the details", uri, null);
  }

  private static Response signIn(UriInfo uri) {
    return Response.fromResponse(problem(401, "not-signed-in", "sign in first: send"
        + " 'Authorization: Bearer <access token>' from Keycloak", uri, null))
        .header("WWW-Authenticate", "Bearer").build();
  }

  static Response problem(int status, String code, String detail, UriInfo uri,
      List<FieldError> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + code);
    body.put("title", Response.Status.fromStatusCode(status) == null ? "HTTP " + status
        : Response.Status.fromStatusCode(status).getReasonPhrase());
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    body.put("instance", uri == null ? null : uri.getPath());
    if (errors != null) {
      body.put("errors", errors);
    }
    return Response.status(status).type(PROBLEM_JSON).entity(body).build();
  }

  private static String field(ConstraintViolation<?> v) {
    String path = v.getPropertyPath().toString();
    // "list.arg0.size" / "create.body.username": keep what names the field for a caller
    String[] parts = path.split("\\.");
    return parts.length <= 2 ? parts[parts.length - 1] : String.join(".",
        java.util.Arrays.copyOfRange(parts, 2, parts.length));
  }
}
