package org.peervault.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.peervault.agent.account.LoginException;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.transfer.AuthenticationException;
import org.peervault.agent.transfer.RepositoryException;
import org.peervault.agent.transfer.RepositoryUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code peer-agent} entry point. */
@Command(name = "peer-agent", mixinStandardHelpOptions = true, version = "peer-agent 0.1.0",
    description = "PeerVault agent: back up to colleagues' machines, restore, and store their backups.",
    subcommands = {EnrollCommand.class, ServeCommand.class, BackupCommand.class, RestoreCommand.class,
        SnapshotsCommand.class, LsCommand.class, DiffCommand.class, RunCommand.class, LoginCommand.class,
        TasksCommand.class, S3Command.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:failed (the message says why)", "2:wrong command line",
        "3:done, but some files were skipped or not restored", "10:repository unreachable",
        "11:not registered, or credentials refused", "130:cancelled"})
public final class PeerAgent {
  private PeerAgent() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (for tests and the launcher). */
  public static int run(String... args) {
    Logging.configure();
    return commandLine(CommandLine.defaultFactory()).execute(args);
  }

  /** The command line, its commands made by {@code factory}, failures reported as messages and exit codes. */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(PeerAgent.class, factory);
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      commandLine.getErr().println("peer-agent " + commandLine.getCommandName() + ": " + message(e));
      return exitCode(e);
    });
    return cli;
  }

  static int exitCode(Throwable e) {
    if (e instanceof RepositoryUnreachableException) {
      return ExitCode.REPOSITORY_UNREACHABLE;
    }
    if (e instanceof AuthenticationException || e instanceof AgentState.NotRegisteredException
        || e instanceof LoginException) {
      return ExitCode.AUTHENTICATION;
    }
    if (e instanceof InterruptedException) {
      return ExitCode.CANCELLED;
    }
    return ExitCode.FAILURE;
  }

  private static String message(Throwable e) {
    if (e instanceof RepositoryException || e instanceof IllegalArgumentException || e instanceof LoginException
        || e instanceof AgentState.NotRegisteredException) {
      return e.getMessage();
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return "I/O error: " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
