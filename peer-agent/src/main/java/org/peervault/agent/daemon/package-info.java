/**
 * The long-running agent: backups on the policy's schedule. A <em>scheduled run</em> starts one
 * interval after the last successful one plus random <em>jitter</em>; a <em>catch-up run</em>
 * starts at once when that time passed while the agent was not running. The last success is kept
 * in the state directory ({@link org.peervault.agent.daemon.RunRecord}).
 */
package org.peervault.agent.daemon;
