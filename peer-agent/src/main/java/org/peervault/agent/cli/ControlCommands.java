package org.peervault.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Logger;
import org.peervault.agent.control.ControlRequest;
import org.peervault.agent.control.ControlServer;
import picocli.CommandLine;

/**
 * What the running agent does with a command line from its control socket: {@code backup} and
 * {@code restore} (nothing else) run as they would in a process of their own, with the agent's
 * session, relative paths taken from the caller's working directory, output to the caller.
 */
final class ControlCommands implements ControlServer.Commands {
  private static final Logger LOG = Logger.getLogger(ControlCommands.class.getName());
  private static final Set<String> TAKEN = Set.of("backup", "restore");

  private final AgentSession session;

  private ControlCommands(AgentSession session) {
    this.session = session;
  }

  /**
   * Takes commands on {@code <state dir>/control.sock} until closed; without a socket (say, a state
   * directory path too long for one) the agent runs on and commands run in their own processes.
   *
   * @throws IllegalStateException when another agent is running on the same state directory
   */
  static AutoCloseable listen(AgentSession session) {
    Path stateDir = session.state().stateDir();
    try {
      return ControlServer.start(stateDir, new ControlCommands(session));
    } catch (IOException e) {
      LOG.warning(() -> "event=control_unavailable state_dir=" + stateDir + " reason=\"" + e.getMessage()
          + "\": backup and restore commands will run in processes of their own");
      return () -> { };
    }
  }

  @Override
  public int run(ControlRequest request, PrintWriter out, PrintWriter err) {
    String command = request.args().get(0);
    if (!TAKEN.contains(command)) {
      err.println("peer-agent: the running agent takes only backup and restore, not \"" + command + "\"");
      return ExitCode.USAGE;
    }
    CommandLine cli = PeerAgent.commandLine(new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof AgentCommand agentCommand) {
          agentCommand.running = session;
        }
        return made;
      }
    });
    cli.setOut(out);
    cli.setErr(err);
    cli.registerConverter(Path.class, s -> request.cwd().resolve(s));
    return cli.execute(request.args().toArray(String[]::new));
  }
}
