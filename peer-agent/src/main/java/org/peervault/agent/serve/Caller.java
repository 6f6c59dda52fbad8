package org.peervault.agent.serve;

import io.grpc.Context;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The device that made a peer call, as its verified TLS client certificate names it
 * ({@code CN=device-<id>, O=org-<organization id>}).
 *
 * @param deviceId the caller's device id
 * @param organizationId the caller's organization id
 */
public record Caller(long deviceId, long organizationId) {
  /** Where {@link CallerInterceptor} puts the caller for the service. */
  static final Context.Key<Caller> KEY = Context.key("peervault-caller");

  /** The caller of the current call, if the interceptor identified one. */
  static Optional<Caller> current() {
    return Optional.ofNullable(KEY.get());
  }

  /** Reads the ids from a device certificate's subject; empty if it is not a device certificate. */
  public static Optional<Caller> of(X509Certificate certificate) {
    String device = null;
    String organization = null;
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          device = rdn.getValue().toString();
        } else if ("O".equalsIgnoreCase(rdn.getType())) {
          organization = rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    Long deviceId = number(device, "device-");
    Long organizationId = number(organization, "org-");
    return deviceId == null || organizationId == null
        ? Optional.empty() : Optional.of(new Caller(deviceId, organizationId));
  }

  private static Long number(String value, String prefix) {
    if (value == null || !value.startsWith(prefix)) {
      return null;
    }
    try {
      return Long.parseLong(value.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
