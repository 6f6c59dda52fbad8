/**
 * The agent's own state on this machine: where the repository is, this device's credential, where
 * it listens for peers, and where and how much it stores for them. Kept in
 * {@code <state dir>/agent.properties}, readable by the owner only.
 */
package org.peervault.agent.config;
