package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.identity.Role;
import org.peervault.repository.keys.KeyRing;

/**
 * The organization's chunk-key secret: which version is current, and rotation. New chunks are
 * sealed under the current version; chunks sealed under older ones keep theirs and stay
 * readable. Admin only; no secret ever leaves the service.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "keys")
@RolesAllowed(Role.ADMIN)
public class KeyResource {

  @Inject
  CurrentActor actor;

  @Inject
  KeyRing keyRing;

  /** The current secret version of the organization. */
  public record KeyVersionView(int currentVersion) {}

  @GET
  public KeyVersionView current() {
    return new KeyVersionView(keyRing.currentVersion(actor.organizationId()));
  }

  /** Makes a new secret version current. */
  @POST
  @Path("rotate")
  @Audited("keys.rotate")
  public KeyVersionView rotate() {
    return new KeyVersionView(keyRing.rotate(actor.organizationId()));
  }
}
