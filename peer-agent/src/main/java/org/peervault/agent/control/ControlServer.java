package org.peervault.agent.control;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.net.ExtendedSocketOptions;

/**
 * The running agent's side of the control socket: takes command lines from processes of the
 * socket's owner, runs each on a thread of its own through {@link Commands}, and streams the
 * output and exit code back. A caller that goes away (Ctrl-C) interrupts its command. Only one
 * agent listens per state directory: starting a second one fails, a socket left by an agent that
 * died is replaced.
 */
public final class ControlServer implements AutoCloseable {
  /** The socket's name in the state directory. */
  public static final String SOCKET = "control.sock";
  /** Exit code of a refused caller (another user): as {@code peer-agent}'s "credentials refused". */
  static final int REFUSED = 11;
  /** Exit code of a malformed request: as {@code peer-agent}'s "wrong command line". */
  static final int MALFORMED = 2;
  /** Exit code of a command that failed inside the agent. */
  static final int FAILED = 1;
  private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());

  /** Runs one command line for a caller. */
  @FunctionalInterface
  public interface Commands {
    /** Runs {@code request}, printing to the caller's {@code out} and {@code err}; returns its exit code. */
    int run(ControlRequest request, PrintWriter out, PrintWriter err) throws Exception;
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final UserPrincipal owner;
  private final Commands commands;
  private final ExecutorService threads;
  private final AtomicInteger served = new AtomicInteger();

  private ControlServer(Path socket, ServerSocketChannel server, UserPrincipal owner, Commands commands) {
    this.socket = socket;
    this.server = server;
    this.owner = owner;
    this.commands = commands;
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "control-" + served.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The socket of the agent running on {@code stateDir}. */
  public static Path socket(Path stateDir) {
    return stateDir.toAbsolutePath().resolve(SOCKET);
  }

  /**
   * Listens on {@code <stateDir>/control.sock} (owner-only).
   *
   * @throws IllegalStateException when another agent already answers there
   * @throws IOException when the socket cannot be made (for one, a path too long for a socket)
   */
  public static ControlServer start(Path stateDir, Commands commands) throws IOException {
    Path socket = socket(stateDir);
    if (Files.exists(socket)) {
      try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        throw new IllegalStateException("another agent is running on " + stateDir + " (its control socket "
            + socket + " answers); stop it first");
      } catch (IOException stale) {
        Files.deleteIfExists(socket); // left by an agent that did not stop cleanly
      }
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      ControlServer control = new ControlServer(socket, server, Files.getOwner(socket), commands);
      Thread accept = new Thread(control::acceptLoop, "control-accept");
      accept.setDaemon(true);
      accept.start();
      return control;
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(socket);
      throw e;
    }
  }

  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel caller = server.accept();
        threads.execute(() -> serve(caller));
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        LOG.log(Level.WARNING, "event=control_accept_failed reason=\"" + e.getMessage() + "\"", e);
      }
    }
  }

  private void serve(SocketChannel caller) {
    try (caller) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(ControlFrames.input(caller)));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ControlFrames.output(caller)));
      PrintWriter stdout = new PrintWriter(new FrameWriter(out, ControlFrames.OUT), true);
      PrintWriter stderr = new PrintWriter(new FrameWriter(out, ControlFrames.ERR), true);
      UserPrincipal user = caller.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
      if (!user.equals(owner)) {
        LOG.warning(() -> "event=control_refused user=" + user.getName() + " reason=\"not the agent's user\"");
        stderr.println("peer-agent: the agent on this state directory takes commands only from " + owner.getName());
        FrameWriter.exit(out, REFUSED);
        return;
      }
      ControlRequest request;
      try {
        request = ControlFrames.readRequest(in);
      } catch (IOException e) {
        LOG.warning(() -> "event=control_refused reason=\"" + e.getMessage() + "\"");
        stderr.println("peer-agent: malformed control request: " + e.getMessage());
        FrameWriter.exit(out, MALFORMED);
        return;
      }
      FrameWriter.exit(out, run(request, in, stdout, stderr));
    } catch (IOException e) {
      LOG.fine(() -> "event=control_caller_gone reason=\"" + e.getMessage() + "\"");
    }
  }

  /** Runs the command; interrupts it when the caller goes away before it ends. */
  private int run(ControlRequest request, DataInputStream in, PrintWriter stdout, PrintWriter stderr) {
    String command = request.args().get(0);
    long start = System.nanoTime();
    Thread worker = Thread.currentThread();
    AtomicBoolean done = new AtomicBoolean();
    threads.execute(() -> {
      try {
        while (in.read() >= 0) {
          // a caller sends nothing after its request; wait for it to go away
        }
      } catch (IOException gone) {
        // the same as the end of the stream
      }
      synchronized (done) {
        if (!done.get()) {
          LOG.info(() -> "event=control_cancelled command=" + command + " reason=\"the caller went away\"");
          worker.interrupt();
        }
      }
    });
    LOG.info(() -> "event=control_command command=" + command + " cwd=" + request.cwd());
    int exit;
    try {
      exit = commands.run(request, stdout, stderr);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "event=control_command_failed command=" + command, e);
      stderr.println("peer-agent " + command + ": failed in the running agent: " + e);
      exit = FAILED;
    } finally {
      synchronized (done) {
        done.set(true);
        Thread.interrupted(); // an interrupt that came too late is not this thread's next task's
      }
    }
    stdout.flush();
    stderr.flush();
    int code = exit;
    LOG.info(() -> "event=control_command_done command=" + command + " exit=" + code + " elapsed_ms="
        + (System.nanoTime() - start) / 1_000_000);
    return code;
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.warning(() -> "event=control_close_failed reason=\"" + e.getMessage() + "\"");
    }
    threads.shutdownNow();
  }
}
