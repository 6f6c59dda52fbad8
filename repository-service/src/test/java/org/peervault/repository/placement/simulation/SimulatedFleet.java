package org.peervault.repository.placement.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The true behaviour of simulated peers: for each peer and day, the sessions in which it is up
 * (minutes since the start of the simulation, UTC), some of them on a slow link. Drawn from
 * realistic classes in several time zones; nothing here knows the availability model.
 * Deterministic for a seed. Not thread-safe.
 */
final class SimulatedFleet {
  static final int MINUTES_PER_DAY = 24 * 60;

  /** How a kind of machine is used. */
  enum Kind {
    /** Switched on at work, 08:00 give or take, for about nine hours, most days. */
    OFFICE("office hours"),
    /** A desktop left on: down only for the odd reboot or outage. */
    ALWAYS_ON("always-on desktop"),
    /** A laptop opened a few times a day, often away from the office, sometimes on a slow link. */
    FLAKY("flaky laptop"),
    /** Night shift: on from about 21:30 for eight and a half hours. */
    NIGHT_SHIFT("night shift");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** One session: up from {@code start} to {@code end} (minutes, exclusive). */
  record Session(int start, int end, boolean slow) {}

  /** A peer: its kind, UTC offset, failure domains. */
  record SimPeer(int index, Kind kind, int offsetMinutes, String site, String subnet) {}

  private static final int[] OFFSETS = {-300, 0, 60, 330, 540};
  private static final double[] OFFSET_SHARE = {0.25, 0.30, 0.25, 0.15, 0.05};
  private static final Kind[] KINDS = Kind.values();
  private static final double[] KIND_SHARE = {0.45, 0.15, 0.30, 0.10};

  final List<SimPeer> peers;
  /** sessions[peer][day]. */
  private final List<List<List<Session>>> sessions;

  SimulatedFleet(int peerCount, int days, long seed) {
    Random random = new Random(seed);
    peers = new ArrayList<>(peerCount);
    sessions = new ArrayList<>(peerCount);
    for (int i = 0; i < peerCount; i++) {
      int zone = pick(random, OFFSET_SHARE);
      SimPeer p = new SimPeer(i, KINDS[pick(random, KIND_SHARE)], OFFSETS[zone],
          "site-" + zone + "-" + random.nextInt(4), "net-" + random.nextInt(64));
      peers.add(p);
      List<List<Session>> byDay = new ArrayList<>(days);
      for (int d = 0; d < days; d++) {
        byDay.add(day(p, d, random));
      }
      sessions.add(byDay);
    }
  }

  private static int pick(Random random, double[] shares) {
    double x = random.nextDouble();
    for (int i = 0; i < shares.length; i++) {
      x -= shares[i];
      if (x < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }

  /** The sessions of one peer on one day, in simulation minutes. */
  private static List<Session> day(SimPeer p, int day, Random random) {
    int midnight = day * MINUTES_PER_DAY - p.offsetMinutes(); // local midnight in UTC minutes
    List<Session> out = new ArrayList<>(3);
    switch (p.kind()) {
      case OFFICE -> {
        if (random.nextDouble() < 0.9) {
          int start = 8 * 60 + (int) (random.nextGaussian() * 40);
          int length = 9 * 60 + (int) (random.nextGaussian() * 60);
          out.add(new Session(midnight + start, midnight + start + Math.max(60, length), false));
        }
      }
      case ALWAYS_ON -> {
        if (random.nextDouble() < 0.05) {
          int down = random.nextInt(MINUTES_PER_DAY - 360);
          int length = 120 + random.nextInt(240);
          out.add(new Session(midnight, midnight + down, false));
          out.add(new Session(midnight + down + length, midnight + MINUTES_PER_DAY, false));
        } else {
          out.add(new Session(midnight, midnight + MINUTES_PER_DAY, false));
        }
      }
      case FLAKY -> {
        if (random.nextDouble() < 0.6) {
          int sessionsToday = 1 + random.nextInt(3);
          for (int s = 0; s < sessionsToday; s++) {
            int start = 7 * 60 + random.nextInt(15 * 60);
            int length = 30 + random.nextInt(150);
            out.add(new Session(midnight + start, midnight + start + length, random.nextDouble() < 0.25));
          }
        }
      }
      case NIGHT_SHIFT -> {
        if (random.nextDouble() < 0.85) {
          int start = 21 * 60 + 30 + (int) (random.nextGaussian() * 30);
          out.add(new Session(midnight + start, midnight + start + 8 * 60 + 30, false));
        }
      }
    }
    return out;
  }

  /** Whether peer {@code peer} is up on a good link at simulation minute {@code minute}. */
  boolean usable(int peer, int minute) {
    int day = Math.floorDiv(minute, MINUTES_PER_DAY);
    // a session may begin the day before (local and UTC days differ) or run past midnight
    for (int d = Math.max(0, day - 1); d <= Math.min(day + 1, sessions.get(peer).size() - 1); d++) {
      for (Session s : sessions.get(peer).get(d)) {
        if (minute >= s.start() && minute < s.end()) {
          return !s.slow();
        }
      }
    }
    return false;
  }

  /**
   * What the repository would record for one UTC hour of one peer with a heartbeat every minute:
   * the share of the hour's heartbeats not on a slow link, given at least one heartbeat; -1
   * when the peer was never up in that hour (no sample).
   */
  double hourSample(int peer, int hourIndex) {
    int from = hourIndex * 60;
    int beats = 0;
    int slow = 0;
    int day = hourIndex / 24;
    for (int d = Math.max(0, day - 1); d <= Math.min(day + 1, sessions.get(peer).size() - 1); d++) {
      for (Session s : sessions.get(peer).get(d)) {
        int overlap = Math.min(from + 60, s.end()) - Math.max(from, s.start());
        if (overlap > 0) {
          beats += overlap;
          slow += s.slow() ? overlap : 0;
        }
      }
    }
    return beats == 0 ? -1 : (double) (beats - Math.min(slow, beats)) / beats;
  }
}
