package org.peervault.agent.cli;

public final class PeerAgent {
  public static void main(String[] args) {}
}
