package org.peervault.repository.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;
import org.peervault.repository.keys.KeyRing;

/**
 * First-start enrollment: makes sure the default organization exists and has a bootstrap token.
 *
 * <p>When {@code peervault.enrollment.bootstrap-token} is set, that token is accepted (its hash
 * is added if new). Otherwise, when the organization has no bootstrap token yet, a random one is
 * generated and written to {@code peervault.enrollment.bootstrap-token-file} with mode 0600; the
 * log names the file, never the token. Instances starting together serialize on a PostgreSQL
 * advisory lock.
 */
@Startup(BootstrapEnrollment.STARTUP_ORDER)
@ApplicationScoped
public class BootstrapEnrollment {
  /** Start-up order: after the key ring, before the gRPC server. */
  public static final int STARTUP_ORDER = KeyRing.STARTUP_ORDER + 100;
  private static final Logger LOG = Logger.getLogger(BootstrapEnrollment.class);
  private static final long ADVISORY_LOCK = 0x7076_626f_6f74L;

  @Inject
  EnrollmentConfig config;

  @Inject
  OrganizationStore organizations;

  @Inject
  EnrollmentTokenStore tokens;

  @Inject
  Enrollment enrollment;

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
    if (config.bootstrapToken().isPresent() && !config.bootstrapToken().get().isBlank()) {
      String token = config.bootstrapToken().get().strip();
      boolean known = tokens.existsByHash(BearerTokens.hash(token));
      if (!known) {
        enrollment.addToken(org.id, token, true, false, null);
      }
      LOG.infof("enrollment: bootstrap token from configuration organization=%d name=\"%s\""
          + " new=%b", org.id, orgName, !known);
      return;
    }
    if (tokens.hasBootstrap(org.id)) {
      LOG.infof("enrollment: organization=%d name=\"%s\" already has a bootstrap token (a"
          + " generated one was written at first start to the token file, configured file=%s)",
          org.id, orgName, config.bootstrapTokenFile().toAbsolutePath());
      return;
    }
    String token = BearerTokens.newEnrollmentToken();
    Path file = config.bootstrapTokenFile().toAbsolutePath();
    writePrivate(file, token + "\n");
    enrollment.addToken(org.id, token, true, false, null);
    LOG.infof("enrollment: generated bootstrap token for organization=%d name=\"%s\" file=%s"
        + " (mode 0600; give it to agents to register, or set peervault.enrollment"
        + ".bootstrap-token)", org.id, orgName, file);
  }

  private static void writePrivate(Path file, String content) {
    try {
      Path dir = file.getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".bootstrap-token", ".tmp");
      try {
        if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("enrollment: cannot write the bootstrap token file " + file
          + "; set peervault.enrollment.bootstrap-token-file to a writable path", e);
    }
  }
}
