/**
 * The {@code peer-agent} command line: one picocli command per verb, the documented exit codes, and
 * the one-line error messages users see. Commands translate arguments and print results; the work
 * is done by the domain packages.
 */
package org.peervault.agent.cli;
