package org.peervault.repository.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * The hours of the UTC day in which the owner of a chunk may need to restore it: the hours its
 * own uptime cycle says it is usually up (paper 3.1.2: peers whose uptime cycles match the
 * owner's are preferred). Placement meets the target availability in every one of them.
 *
 * @param utcHours distinct hours 0 to 23 in increasing order, at least one
 */
public record RestoreWindow(List<Integer> utcHours) {

  public RestoreWindow {
    if (utcHours.isEmpty()) {
      throw new IllegalArgumentException("restore window: needs at least one hour");
    }
    int previous = -1;
    for (int h : utcHours) {
      if (h <= previous || h >= UptimeCycle.HOURS) {
        throw new IllegalArgumentException("restore window: hours must be distinct, increasing,"
            + " 0 to 23, got " + utcHours);
      }
      previous = h;
    }
    utcHours = List.copyOf(utcHours);
  }

  /** Every hour of the day. */
  public static RestoreWindow allDay() {
    List<Integer> hours = new ArrayList<>(UptimeCycle.HOURS);
    for (int h = 0; h < UptimeCycle.HOURS; h++) {
      hours.add(h);
    }
    return new RestoreWindow(hours);
  }

  /**
   * The hours in which the owner is up with probability at least {@code threshold}; the whole day
   * when there is none (an owner never seen up may need its data at any time).
   */
  public static RestoreWindow of(UtcUptime owner, double threshold) {
    List<Integer> hours = new ArrayList<>();
    for (int h = 0; h < UptimeCycle.HOURS; h++) {
      if (owner.up(h) >= threshold) {
        hours.add(h);
      }
    }
    return hours.isEmpty() ? allDay() : new RestoreWindow(hours);
  }

  /** Number of hours in the window. */
  public int size() {
    return utcHours.size();
  }

  /** The {@code i}-th hour of the window. */
  public int hour(int i) {
    return utcHours.get(i);
  }
}
