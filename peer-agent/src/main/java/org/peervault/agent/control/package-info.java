/**
 * The running agent's local control socket: {@code peer-agent backup} and {@code restore} hand
 * their work to the agent ({@code serve} or {@code run}) already running on the same state
 * directory, which carries it out in its warm JVM over its open connections, and stream its output
 * and exit code back. The socket is {@code <state dir>/control.sock}, owner-only, and the agent
 * takes commands only from processes of the user that owns it.
 */
package org.peervault.agent.control;
