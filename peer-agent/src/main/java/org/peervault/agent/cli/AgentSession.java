package org.peervault.agent.cli;

import org.peervault.agent.config.AgentState;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;

/**
 * The connections a command opens for this device: to the repository with the device's
 * credential, and to its peers. The one place commands get them, so how the agent authenticates is
 * decided here. Close it when the command is done.
 */
final class AgentSession implements AutoCloseable {
  private final AgentState state;
  private final RepositoryClient repository;
  private PeerChannels peers;

  private AgentSession(AgentState state) {
    this.state = state;
    this.repository = RepositoryClient.connect(state.repository(), state.deviceToken());
  }

  static AgentSession open(AgentState state) {
    return new AgentSession(state);
  }

  AgentState state() {
    return state;
  }

  RepositoryClient repository() {
    return repository;
  }

  /** Channels to peers, opened on first use. */
  synchronized PeerChannels peers() {
    if (peers == null) {
      peers = new PeerChannels();
    }
    return peers;
  }

  @Override
  public synchronized void close() {
    if (peers != null) {
      peers.close();
    }
    repository.close();
  }
}
