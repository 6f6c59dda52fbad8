package org.peervault.agent.control;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.logging.Logger;

/** The caller's side of the control socket: hands a command line to the agent running on a state directory. */
public final class ControlClient {
  private static final Logger LOG = Logger.getLogger(ControlClient.class.getName());

  private ControlClient() {}

  /**
   * Runs {@code request} in the agent running on {@code stateDir}, copying its output to {@code out}
   * and {@code err} as it comes.
   *
   * @return its exit code, or empty when no agent of this user answers there (the caller runs the
   *     command itself)
   * @throws IOException when the agent took the command but the answer broke off
   */
  public static OptionalInt run(Path stateDir, ControlRequest request, PrintStream out, PrintStream err)
      throws IOException {
    Path socket = ControlServer.socket(stateDir);
    if (!Files.exists(socket) || !ownedByMe(socket)) {
      return OptionalInt.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException noAgent) {
      LOG.fine(() -> "event=control_unavailable socket=" + socket + " reason=\"" + noAgent.getMessage() + "\"");
      return OptionalInt.empty();
    }
    try (channel) {
      ControlFrames.writeRequest(new DataOutputStream(new BufferedOutputStream(ControlFrames.output(channel))), request);
      DataInputStream in = new DataInputStream(new BufferedInputStream(ControlFrames.input(channel)));
      for (int kind = in.read(); kind >= 0; kind = in.read()) { // a frame's kind, or the end
        int value = ControlFrames.readInt(in);
        switch (kind) {
          case ControlFrames.EXIT -> {
            return OptionalInt.of(value);
          }
          case ControlFrames.OUT, ControlFrames.ERR -> {
            if (value < 0 || value > ControlFrames.MAX_FRAME) {
              throw new IOException("a malformed answer from the running agent (a frame of " + value + " bytes)");
            }
            PrintStream to = kind == ControlFrames.OUT ? out : err;
            to.write(in.readNBytes(value));
            to.flush();
          }
          default -> throw new IOException("a malformed answer from the running agent (frame kind " + kind + ")");
        }
      }
    }
    throw new IOException("the running agent stopped before " + request.args().get(0) + " finished; see its log");
  }

  private static boolean ownedByMe(Path socket) throws IOException {
    return Files.getOwner(socket).getName().equals(System.getProperty("user.name"));
  }
}
