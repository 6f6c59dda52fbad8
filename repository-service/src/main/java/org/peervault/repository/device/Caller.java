package org.peervault.repository.device;

/**
 * The authenticated device behind a request, its organization, and the signed-in user it acts
 * for, if any. Everything a caller may see or change is scoped by {@code organizationId}; a
 * device may address another device's backups only on behalf of that device's owner or an admin.
 *
 * @param deviceId the calling device
 * @param organizationId the organization the device belongs to
 * @param user the user the device acts for (a verified user token came with the call), or null
 */
public record Caller(long deviceId, long organizationId, OnBehalf user) {

  /** A caller acting for no user. */
  public Caller(long deviceId, long organizationId) {
    this(deviceId, organizationId, null);
  }

  /**
   * The user a device acts for.
   *
   * @param userId their user account
   * @param organizationId their organization
   * @param admin whether they hold the admin role
   */
  public record OnBehalf(long userId, long organizationId, boolean admin) {}

  /** This caller, acting for {@code onBehalf}. */
  public Caller onBehalfOf(OnBehalf onBehalf) {
    return new Caller(deviceId, organizationId, onBehalf);
  }
}
