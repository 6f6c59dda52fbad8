package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.identity.Role;
import org.peervault.repository.policy.Policies;
import org.peervault.repository.policy.PolicySettings;

/**
 * Backup policies of the organization (its default) and of device groups: included paths,
 * excludes, schedule, retention, target availability, peer quota. Admin only.
 */
@Path("/api/policies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "policies")
@RolesAllowed(Role.ADMIN)
public class PolicyResource {

  @Inject
  CurrentActor actor;

  @Inject
  Policies policies;

  /**
   * A policy; {@code deviceGroup} null for the organization's default. {@code schedule} is an
   * ISO-8601 duration (PT1H); sizes in bytes.
   */
  public record PolicyView(long id, String deviceGroup, String name, List<String> includePaths,
      List<String> excludePatterns, String schedule, int retentionDays,
      List<String> recordPatterns, int recordRetentionDays, double targetAvailability,
      long peerQuotaBytes) {

    static PolicyView of(String group, PolicySettings s) {
      return new PolicyView(s.id(), group, s.name(), s.includePaths(), s.excludePatterns(),
          s.schedule().toString(), s.retentionDays(), s.recordPatterns(),
          s.recordRetentionDays(), s.targetAvailability(), s.peerQuotaBytes());
    }
  }

  /** A policy to store; omitted lists are empty, omitted numbers take the built-in defaults. */
  public record PolicyBody(
      @NotBlank(message = "must not be blank") @Size(max = 200, message = "at most 200"
          + " characters") String name,
      @NotNull(message = "must list at least one directory")
      @Size(min = 1, max = 100, message = "must list 1 to 100 directories")
      List<@NotBlank(message = "must not be blank") String> includePaths,
      @Size(max = 1000, message = "at most 1000 patterns") List<String> excludePatterns,
      String schedule, Integer retentionDays, List<String> recordPatterns,
      Integer recordRetentionDays, Double targetAvailability, Long peerQuotaBytes) {}

  @GET
  @Operation(summary = "List the stored policies (default first, then groups by name).")
  public PageView<PolicyView> list(@Valid @BeanParam PageParams page) {
    List<PolicyView> all = policies.list(actor.organizationId()).stream()
        .map(p -> PolicyView.of(p.deviceGroup, p.settings())).toList();
    return PageView.slice(all, page);
  }

  @GET
  @Path("effective")
  @Operation(summary = "The policy a device of a group (or of no group) gets.")
  public PolicyView effective(@QueryParam("group") String group) {
    return PolicyView.of(group, policies.effective(actor.organizationId(), group));
  }

  @PUT
  @Path("default")
  @Consumes(MediaType.APPLICATION_JSON)
  @Audited("policy.put-default")
  @Operation(summary = "Create or replace the organization's default policy.")
  public PolicyView putDefault(@Valid @NotNull(message = "send a JSON body") PolicyBody body) {
    return PolicyView.of(null, policies.put(actor.organizationId(), null, body.name(),
        settings(body)));
  }

  @PUT
  @Path("groups/{group}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Audited("policy.put-group")
  @Operation(summary = "Create or replace the policy of a device group.")
  public PolicyView putGroup(@PathParam("group") String group,
      @Valid @NotNull(message = "send a JSON body") PolicyBody body) {
    return PolicyView.of(group, policies.put(actor.organizationId(), group, body.name(),
        settings(body)));
  }

  private static PolicySettings settings(PolicyBody b) {
    PolicySettings d = PolicySettings.defaults();
    Duration schedule;
    try {
      schedule = b.schedule() == null ? d.schedule() : Duration.parse(b.schedule());
    } catch (DateTimeParseException e) {
      throw PeerVaultException.invalid("invalid-policy", "policy: schedule \"" + b.schedule()
          + "\" is not an ISO-8601 duration such as PT1H or PT30M");
    }
    return new PolicySettings(0, b.name(), b.includePaths(),
        b.excludePatterns() == null ? List.of() : b.excludePatterns(), schedule,
        b.retentionDays() == null ? d.retentionDays() : b.retentionDays(),
        b.recordPatterns() == null ? List.of() : b.recordPatterns(),
        b.recordRetentionDays() == null ? d.recordRetentionDays() : b.recordRetentionDays(),
        b.targetAvailability() == null ? d.targetAvailability() : b.targetAvailability(),
        b.peerQuotaBytes() == null ? d.peerQuotaBytes() : b.peerQuotaBytes());
  }
}
