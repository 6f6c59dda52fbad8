package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
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
import org.peervault.repository.device.EnrollmentToken;
import org.peervault.repository.device.TokenAdministration;
import org.peervault.repository.identity.Role;

/** Enrollment tokens: issue (the token is shown once), list, revoke. Admin only. */
@Path("/api/enrollment-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "enrollment tokens")
@RolesAllowed(Role.ADMIN)
public class EnrollmentTokenResource {

  @Inject
  CurrentActor actor;

  @Inject
  TokenAdministration tokens;

  /** A token's metadata; the token itself is never shown again after issue. */
  public record TokenView(long id, String deviceGroup, boolean singleUse,
      boolean usable, Instant createdAt, Instant expiresAt, Instant usedAt) {

    static TokenView of(EnrollmentToken t) {
      return new TokenView(t.id, t.deviceGroup, t.singleUse,
          t.isUsable(Instant.now()), t.createdAt, t.expiresAt, t.usedAt);
    }
  }

  /** What to issue: group devices join, single use (default true), expiry (default none). */
  public record NewToken(
      @Size(max = 128, message = "at most 128 characters") String deviceGroup,
      Boolean singleUse,
      @Future(message = "must be in the future") Instant expiresAt) {}

  /** An issued token: the token (give it to the machine's agent; shown once) and its metadata. */
  public record IssuedView(String token, TokenView metadata) {}

  @GET
  @Transactional
  @Operation(summary = "List enrollment tokens, newest first; filter: usable=true.")
  public PageView<TokenView> list(@QueryParam("usable") @DefaultValue("false") boolean usable,
      @Valid @BeanParam PageParams page) {
    return PageView.of(tokens.list(actor.organizationId(), usable, page.page, page.size), page,
        TokenView::of);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Audited("enrollment-token.issue")
  @Operation(summary = "Issue an enrollment token for a device group.")
  public Response issue(@Valid NewToken body) {
    NewToken b = body == null ? new NewToken(null, true, null) : body;
    TokenAdministration.Issued issued = tokens.issue(actor.organizationId(), b.deviceGroup(),
        b.singleUse() == null || b.singleUse(), b.expiresAt());
    return Response.status(201).entity(new IssuedView(issued.token(),
        TokenView.of(issued.row()))).build();
  }

  @DELETE
  @Path("{id}")
  @Audited("enrollment-token.revoke")
  @Operation(summary = "Revoke an enrollment token: it expires now.")
  public TokenView revoke(@PathParam("id") long id) {
    return TokenView.of(tokens.revoke(actor.organizationId(), id));
  }
}
