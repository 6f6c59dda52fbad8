package org.peervault.repository;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.peervault.repository.device.AuthConfig;
import org.peervault.repository.device.EnrollmentConfig;
import org.peervault.repository.keys.KeysConfig;
import org.peervault.repository.placement.PlacementConfig;
import org.peervault.repository.rpc.GrpcConfig;

/**
 * Logs the effective configuration at start-up, one line, first of all start-up work. Secrets
 * (master key, bootstrap token, database password) are shown only as set or unset.
 */
@Startup(ConfigReport.STARTUP_ORDER)
@ApplicationScoped
public class ConfigReport {
  /** Start-up order: before every other PeerVault start-up bean. */
  public static final int STARTUP_ORDER = 500;
  private static final Logger LOG = Logger.getLogger(ConfigReport.class);

  @Inject
  GrpcConfig grpc;

  @Inject
  PlacementConfig placement;

  @Inject
  AuthConfig auth;

  @Inject
  EnrollmentConfig enrollment;

  @Inject
  KeysConfig keys;

  @Inject
  Config config;

  @PostConstruct
  void report() {
    String url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)
        .map(u -> u.contains("?") ? u.substring(0, u.indexOf('?')) + "?..." : u)
        .orElse("-");
    LOG.infof("config: peervault.grpc.host=%s peervault.grpc.port=%d"
        + " peervault.grpc.max-inbound-message-bytes=%d peervault.grpc.handler-threads=%d"
        + " peervault.grpc.shutdown-grace=%s peervault.placement.replicas=%d"
        + " peervault.placement.spares=%d peervault.placement.live-window=%s"
        + " peervault.placement.reservation-ttl=%s peervault.auth.token-cache-ttl=%s"
        + " peervault.auth.token-cache-size=%d peervault.enrollment.default-organization=%s"
        + " peervault.enrollment.bootstrap-token=%s peervault.enrollment.bootstrap-token-file=%s"
        + " peervault.keys.master-key=%s datasource.url=%s datasource.user=%s",
        grpc.host(), grpc.port(), grpc.maxInboundMessageBytes(), grpc.handlerThreads(),
        grpc.shutdownGrace(), placement.replicas(), placement.spares(), placement.liveWindow(),
        placement.reservationTtl(), auth.tokenCacheTtl(), auth.tokenCacheSize(),
        enrollment.defaultOrganization(), setOrUnset(enrollment.bootstrapToken().isPresent()),
        enrollment.bootstrapTokenFile(), setOrUnset(keys.masterKey().isPresent()), url,
        config.getOptionalValue("quarkus.datasource.username", String.class).orElse("-"));
  }

  private static String setOrUnset(boolean set) {
    return set ? "<set>" : "<unset>";
  }
}
