package org.peervault.repository.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.peervault.repository.keys.KeyRing;

/**
 * First start: makes sure the default organization exists, with its first key version. Devices
 * enroll with tokens that admins issue through the admin API. Instances starting together
 * serialize on a PostgreSQL advisory lock.
 */
@Startup(DefaultOrganization.STARTUP_ORDER)
@ApplicationScoped
public class DefaultOrganization {
  /** Start-up order: after the key ring, before the gRPC server. */
  public static final int STARTUP_ORDER = KeyRing.STARTUP_ORDER + 100;
  private static final Logger LOG = Logger.getLogger(DefaultOrganization.class);
  private static final long ADVISORY_LOCK = 0x7076_626f_6f74L;

  @Inject
  EnrollmentConfig config;

  @Inject
  OrganizationStore organizations;

  @Inject
  KeyRing keyRing;

  @Inject
  EntityManager em;

  @PostConstruct
  void bootstrap() {
    QuarkusTransaction.requiringNew().run(this::bootstrapInTransaction);
  }

  private void bootstrapInTransaction() {
    em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, ADVISORY_LOCK)
        .getSingleResult();
    String orgName = config.defaultOrganization();
    Organization org = organizations.findByName(orgName)
        .orElseGet(() -> organizations.create(orgName));
    keyRing.ensureSecret(org.id);
    LOG.infof("enrollment: default organization ready organization=%d name=\"%s\"; admins issue"
        + " enrollment tokens through the admin API (POST /api/enrollment-tokens)", org.id, orgName);
  }
}
