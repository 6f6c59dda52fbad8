package org.peervault.repository;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.peervault.repository.proof.AuditConfig;
import org.peervault.repository.retention.RetentionConfig;
import org.peervault.repository.trust.TrustConfig;
import org.peervault.repository.device.EnrollmentConfig;
import org.peervault.repository.keys.KeysConfig;
import org.peervault.repository.placement.PlacementConfig;
import org.peervault.repository.rpc.GrpcConfig;

/**
 * Logs the effective configuration at start-up, one line, first of all start-up work. Secrets
 * (master key, database password) are shown only as set or unset.
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
  TrustConfig trust;

  @Inject
  EnrollmentConfig enrollment;

  @Inject
  KeysConfig keys;

  @Inject
  AuditConfig audit;

  @Inject
  RetentionConfig retention;

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
        + " peervault.placement.max-copies=%d peervault.placement.spares=%d"
        + " peervault.placement.live-window=%s peervault.placement.reservation-ttl=%s"
        + " peervault.placement.owner-hour-threshold=%s"
        + " peervault.placement.slow-link-bytes-per-second=%d"
        + " peervault.enrollment.default-organization=%s"
        + " peervault.trust.device-certificate-validity=%s peervault.trust.grant-ttl=%s"
        + " peervault.trust.server-names=%s peervault.keys.rate-per-second=%d peervault.keys.burst=%d"
        + " peervault.keys.master-key=%s datasource.url=%s datasource.user=%s",
        grpc.host(), grpc.port(), grpc.maxInboundMessageBytes(), grpc.handlerThreads(),
        grpc.shutdownGrace(), placement.replicas(), placement.maxCopies(), placement.spares(),
        placement.liveWindow(), placement.reservationTtl(), placement.ownerHourThreshold(),
        placement.slowLinkBytesPerSecond(), enrollment.defaultOrganization(), trust.deviceCertificateValidity(),
        trust.grantTtl(), trust.serverNames(), keys.ratePerSecond(), keys.burst(),
        setOrUnset(keys.masterKey().isPresent()), url,
        config.getOptionalValue("quarkus.datasource.username", String.class).orElse("-"));
    LOG.infof("config: peervault.audit.enabled=%s peervault.audit.interval=%s"
        + " peervault.audit.replicas-per-run=%d peervault.audit.seen-within=%s"
        + " peervault.audit.unfetched-timeout=%s peervault.retention.enabled=%s"
        + " peervault.retention.interval=%s peervault.retention.grace=%s"
        + " peervault.retention.chunks-per-run=%d", audit.enabled(), audit.interval(),
        audit.replicasPerRun(), audit.seenWithin(), audit.unfetchedTimeout(), retention.enabled(),
        retention.interval(), retention.grace(), retention.chunksPerRun());
  }

  private static String setOrUnset(boolean set) {
    return set ? "<set>" : "<unset>";
  }
}
