/**
 * The agent's own state on this machine, in its state directory: {@code agent.properties} (where
 * the repository is, this device's and organization's ids, where it listens for peers, where and how
 * much it stores for them) and, beside it, the identity from enrollment: {@code device.key} (owner
 * only), {@code device.crt}, {@code ca.crt} and {@code grant.pub}.
 */
package org.peervault.agent.config;
