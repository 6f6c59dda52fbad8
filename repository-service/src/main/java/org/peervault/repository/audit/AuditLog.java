package org.peervault.repository.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.peervault.repository.Listing;

/** Records and searches audit entries. Thread-safe. */
@ApplicationScoped
public class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class);

  /** An action to record. */
  public record Record(Long organizationId, String actor, String actorRole, String action,
      String target, String outcome) {}

  /** What a search matches; null fields match everything. */
  public record Filter(String actor, String action, String outcome, Instant from, Instant to) {}

  /** Records an entry in its own transaction (it survives the rollback of the action). */
  public void record(Record r) {
    QuarkusTransaction.requiringNew().run(() -> {
      AuditEntry e = new AuditEntry();
      e.organizationId = r.organizationId();
      e.at = Instant.now();
      e.actor = r.actor();
      e.actorRole = r.actorRole();
      e.action = r.action();
      e.target = r.target();
      e.outcome = r.outcome();
      e.persist();
    });
    LOG.infof("audit: actor=\"%s\" role=%s action=%s target=\"%s\" outcome=%s", r.actor(),
        r.actorRole(), r.action(), r.target(), r.outcome());
  }

  /** An organization's entries matching {@code filter}, newest first. */
  public Listing<AuditEntry> search(long organizationId, Filter filter, int page, int size) {
    return QuarkusTransaction.joiningExisting().call(() -> {
      StringBuilder q = new StringBuilder("organizationId = :org");
      Parameters p = Parameters.with("org", organizationId);
      if (filter.actor() != null) {
        q.append(" and actor = :actor");
        p = p.and("actor", filter.actor());
      }
      if (filter.action() != null) {
        q.append(" and action = :action");
        p = p.and("action", filter.action());
      }
      if (filter.outcome() != null) {
        q.append(" and outcome = :outcome");
        p = p.and("outcome", filter.outcome());
      }
      if (filter.from() != null) {
        q.append(" and at >= :from");
        p = p.and("from", filter.from());
      }
      if (filter.to() != null) {
        q.append(" and at < :to");
        p = p.and("to", filter.to());
      }
      var query = AuditEntry.<AuditEntry>find(q.toString(), Sort.descending("id"), p);
      return new Listing<>(query.page(Page.of(page, size)).list(), query.count());
    });
  }
}
