package org.peervault.repository.placement;

import java.util.Collection;

/**
 * The availability model of paper section 4, generalised to peers that differ and whose
 * availability depends on the hour (DESIGN.md "Placement"). Pure functions.
 */
public final class AvailabilityModel {
  private AvailabilityModel() {}

  /**
   * The availability of copies on these peers at UTC hour {@code hour}:
   * {@code 1 - prod(1 - p_i(hour))}, assuming peers are up independently of each other.
   */
  public static double at(Collection<UtcUptime> copies, int hour) {
    double cover = 0;
    for (UtcUptime u : copies) {
      cover += u.cover(hour);
    }
    return UtcUptime.availabilityOf(cover);
  }

  /** The lowest availability of these copies over the hours of {@code window}; 0 without copies. */
  public static double achieved(RestoreWindow window, Collection<UtcUptime> copies) {
    double min = 1.0;
    for (int hour : window.utcHours()) {
      min = Math.min(min, at(copies, hour));
    }
    return min;
  }

  /**
   * The paper's fixed number of copies for peers all up with probability {@code pc}: the least
   * integer {@code b} with {@code 1 - (1 - pc)^b >= ps}, i.e. {@code b >= log(1-ps)/log(1-pc)}
   * (paper section 4 writes the strict {@code b >} of the real-valued bound).
   *
   * @throws IllegalArgumentException unless {@code 0 < pc < 1} and {@code 0 < ps < 1}
   */
  public static int paperCopies(double pc, double ps) {
    if (!(pc > 0 && pc < 1) || !(ps > 0 && ps < 1)) {
      throw new IllegalArgumentException("paper copies: need 0 < p_c < 1 and 0 < p_s < 1, got "
          + pc + " and " + ps);
    }
    double bound = Math.log1p(-ps) / Math.log1p(-pc);
    int b = (int) Math.ceil(bound - 1e-9);
    return Math.max(1, b);
  }
}
