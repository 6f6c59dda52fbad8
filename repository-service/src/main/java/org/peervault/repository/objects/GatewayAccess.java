package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.access.AccessKey;
import org.peervault.repository.access.AccessKeys;
import org.peervault.repository.access.SigV4SigningKey;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;

/**
 * Decides whom a calling device may act for through S3, and hands out SigV4 signing keys.
 *
 * <p>An access key counts only when it exists in the caller's organization and is not revoked
 * (else {@code invalid-access-key-id}, the same answer for a key of another organization as for
 * an unknown one). The device may act for it when an admin marked the device as an S3 gateway,
 * or when the key belongs to the device's own owner; otherwise {@code s3-gateway-not-allowed}. So
 * an enrolled laptop can never get another user's signing key or act as another user. Thread-safe.
 */
@ApplicationScoped
public class GatewayAccess {
  private static final Logger LOG = Logger.getLogger(GatewayAccess.class);
  private static final DateTimeFormatter SCOPE_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
  private static final String SERVICE = "s3";

  @Inject
  AccessKeys accessKeys;

  @Inject
  Devices devices;

  Clock clock = Clock.systemUTC();

  /** A derived signing key and its owner. */
  public record SigningKey(ObjectPrincipal principal, byte[] key) {}

  /**
   * The principal of an access key for this caller.
   *
   * @throws PeerVaultException NOT_FOUND {@code invalid-access-key-id}, PERMISSION_DENIED
   *     {@code s3-gateway-not-allowed}
   */
  @Transactional
  public ObjectPrincipal principal(Caller caller, String accessKeyId) {
    return resolve(caller, accessKeyId).principal;
  }

  /**
   * The SigV4 signing key of an access key for one scope.
   *
   * @param date the scope's date, yyyyMMdd, at most one day from today (UTC)
   */
  @Transactional
  public SigningKey signingKey(Caller caller, String accessKeyId, String date, String region,
      String service) {
    LocalDate day = scopeDate(date);
    if (region == null || !REGION.matcher(region).matches()) {
      throw ObjectErrors.invalid("invalid-argument", "region " + ObjectErrors.quote(region)
          + " must be 1 to 32 of [a-z0-9-]");
    }
    if (!SERVICE.equals(service)) {
      throw ObjectErrors.invalid("invalid-argument", "service " + ObjectErrors.quote(service)
          + " is not served; signing keys are for \"s3\"");
    }
    Resolved r = resolve(caller, accessKeyId);
    byte[] key = SigV4SigningKey.derive(accessKeys.secretOf(r.key), SCOPE_DATE.format(day),
        region, service);
    LOG.infof("s3: signing key issued key=%s owner=%d device=%d date=%s region=%s",
        r.key.accessKeyId, r.key.ownerUserId, caller.deviceId(), date, region);
    return new SigningKey(r.principal, key);
  }

  private record Resolved(AccessKey key, ObjectPrincipal principal) {}

  private Resolved resolve(Caller caller, String accessKeyId) {
    AccessKey key = accessKeys.find(accessKeyId == null ? "" : accessKeyId)
        .filter(k -> k.organizationId == caller.organizationId() && k.revokedAt == null)
        .orElseThrow(() -> PeerVaultException.notFound("invalid-access-key-id", "s3: access key "
            + ObjectErrors.quote(accessKeyId) + " does not exist in your organization or was"
            + " revoked; issue a new one (POST /api/s3-keys)"));
    Device device = devices.requireInOrganization(caller, 0);
    boolean ownersKey = device.ownerUserId != null && device.ownerUserId == key.ownerUserId;
    if (!device.s3Gateway && !ownersKey) {
      LOG.warnf("s3: refused device=%d key=%s owner=%d: not an S3 gateway and not the owner's"
          + " device", device.id, key.accessKeyId, key.ownerUserId);
      throw PeerVaultException.denied("s3-gateway-not-allowed", "s3: device " + device.id
          + " may act only for its own owner's access keys; an admin can mark it as an S3"
          + " gateway (PUT /api/devices/" + device.id + "/s3-gateway)");
    }
    return new Resolved(key, new ObjectPrincipal(key.accessKeyId, key.organizationId,
        key.ownerUserId));
  }

  private LocalDate scopeDate(String date) {
    LocalDate day;
    try {
      day = LocalDate.parse(date == null ? "" : date, SCOPE_DATE);
    } catch (DateTimeParseException e) {
      throw ObjectErrors.invalid("invalid-argument", "date " + ObjectErrors.quote(date)
          + " is not yyyyMMdd");
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (day.isBefore(today.minusDays(1)) || day.isAfter(today.plusDays(1))) {
      throw ObjectErrors.invalid("invalid-argument", "date " + date + " is more than one day"
          + " from today (" + SCOPE_DATE.format(today) + " UTC); signing keys are for current"
          + " requests only");
    }
    return day;
  }
}
