package org.peervault.repository.repair;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import org.peervault.repository.JobLock;

/**
 * Makes repair runs exclusive across every instance of the service: a run holds the PostgreSQL
 * session advisory lock {@value #KEY} ({@link JobLock}) for its whole length; a run that cannot
 * take it at once does nothing. A crashed instance's lock goes with its connection.
 */
@ApplicationScoped
public class RepairLock {
  /** The advisory lock key of repair runs ("pvrp"). */
  public static final long KEY = 0x7076_7270L;

  @Inject
  JobLock jobs;

  /**
   * Runs {@code work} holding the lock.
   *
   * @return its result, or empty when another run holds the lock (then nothing ran)
   */
  public <T> Optional<T> tryRun(Supplier<T> work) {
    return jobs.runExclusively(KEY, work);
  }
}
