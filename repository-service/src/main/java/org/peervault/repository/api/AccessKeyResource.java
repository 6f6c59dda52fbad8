package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.access.AccessKey;
import org.peervault.repository.access.AccessKeys;
import org.peervault.repository.identity.Actor;
import org.peervault.repository.identity.Role;
import org.peervault.repository.identity.Users;

/**
 * S3 access keys: issue (the secret is shown once), list, revoke. Admins manage every user's
 * keys; users their own; helpdesk none.
 */
@Path("/api/s3-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "s3 access keys")
@RolesAllowed({Role.ADMIN, Role.USER})
public class AccessKeyResource {

  @Inject
  CurrentActor actor;

  @Inject
  AccessKeys keys;

  @Inject
  Users users;

  /** A key's public part. */
  public record AccessKeyView(String accessKeyId, long ownerUserId, String description,
      Instant createdAt, Instant revokedAt) {

    static AccessKeyView of(AccessKey k) {
      return new AccessKeyView(k.accessKeyId, k.ownerUserId, k.description, k.createdAt,
          k.revokedAt);
    }
  }

  /** What to issue: for which user (admins; default: yourself) and a description. */
  public record NewAccessKey(Long userId,
      @Size(max = 200, message = "at most 200 characters") String description) {}

  /** An issued key with its secret (shown once: store it now). */
  public record IssuedKeyView(String accessKeyId, String secretAccessKey, AccessKeyView key) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Audited("s3-key.issue")
  @Operation(summary = "Issue an S3 access key; the secret is returned once.")
  public Response issue(@Valid NewAccessKey body) {
    Actor a = actor.get();
    long owner = a.userId();
    if (body != null && body.userId() != null && body.userId() != a.userId()) {
      if (!a.isAdmin()) {
        throw new io.quarkus.security.ForbiddenException();
      }
      owner = users.require(a.organizationId(), body.userId()).id;
    }
    AccessKeys.Issued issued = keys.issue(a.organizationId(), owner,
        body == null ? null : body.description());
    return Response.status(201).entity(new IssuedKeyView(issued.key().accessKeyId,
        issued.secret(), AccessKeyView.of(issued.key()))).build();
  }

  @GET
  @Operation(summary = "List access keys, newest first; filters: userId (admins),"
      + " includeRevoked.")
  public PageView<AccessKeyView> list(@QueryParam("userId") Long userId,
      @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked,
      @Valid @BeanParam PageParams page) {
    Actor a = actor.get();
    Long owner = a.isAdmin() ? userId : Long.valueOf(a.userId());
    return PageView.of(keys.list(a.organizationId(), owner, includeRevoked, page.page,
        page.size), page, AccessKeyView::of);
  }

  @DELETE
  @Path("{accessKeyId}")
  @Audited("s3-key.revoke")
  @Operation(summary = "Revoke an access key.")
  public AccessKeyView revoke(@PathParam("accessKeyId") String accessKeyId) {
    Actor a = actor.get();
    AccessKey k = keys.require(a.organizationId(), accessKeyId);
    actor.requireAdminOrOwner(k.ownerUserId, "access-key", accessKeyId);
    return AccessKeyView.of(keys.revoke(a.organizationId(), accessKeyId));
  }
}
