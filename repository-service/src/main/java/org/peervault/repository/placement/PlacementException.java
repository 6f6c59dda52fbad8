package org.peervault.repository.placement;

import java.util.Locale;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;

/** Too few peers can take a chunk: it says how many were needed and why the others did not. */
public class PlacementException extends PeerVaultException {
  private static final long serialVersionUID = 1L;

  private final String chunkId;
  private final int required;
  private final int withRoom;

  /**
   * Creates the exception.
   *
   * @param registered peers other than the owner
   * @param excluded of those, excluded by the agent
   * @param notLive of the rest, not live
   * @param full of the rest, without room
   */
  public PlacementException(String chunkId, long sizeBytes, int required, int withRoom,
      int registered, int excluded, int notLive, int full) {
    super(ErrorKind.FAILED_PRECONDITION, "too-few-peers", "placement: chunk "
        + shortId(chunkId) + " needs " + required + " peers with " + humanBytes(sizeBytes)
        + " free, only " + withRoom + " live peer" + (withRoom == 1 ? " has" : "s have")
        + " room (" + registered + " registered; " + excluded + " excluded by the agent, "
        + notLive + " not live, " + full + " full); start more peers or raise their quotas");
    this.chunkId = chunkId;
    this.required = required;
    this.withRoom = withRoom;
  }

  /** The chunk that could not be placed. */
  public String chunkId() {
    return chunkId;
  }

  /** Peers it needed. */
  public int required() {
    return required;
  }

  /** Peers that could take it. */
  public int withRoom() {
    return withRoom;
  }

  private static String shortId(String id) {
    return id.length() <= 12 ? id : id.substring(0, 12);
  }

  /** Bytes in binary units with one decimal, e.g. {@code 1.0 MiB}. */
  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
