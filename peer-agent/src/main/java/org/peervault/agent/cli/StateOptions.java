package org.peervault.agent.cli;

import java.nio.file.Path;
import org.peervault.agent.config.AgentState;
import picocli.CommandLine.Option;

/** The {@code --state-dir} option every command shares. */
public final class StateOptions {
  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where this agent keeps its registration and stored chunks "
          + "(default: $PEERVAULT_HOME, else ~/.peervault).")
  Path stateDir;

  Path dir() {
    if (stateDir != null) {
      return stateDir;
    }
    String home = System.getenv("PEERVAULT_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".peervault");
  }

  AgentState load() {
    return AgentState.load(dir());
  }
}
