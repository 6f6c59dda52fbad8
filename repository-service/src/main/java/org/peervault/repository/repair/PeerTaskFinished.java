package org.peervault.repository.repair;

/**
 * CDI event fired, synchronously and inside the reporting transaction, when a peer reports a
 * task it had not reported before. Observers record what the result means (a new replica, a
 * deleted one, an audit verdict); a failing observer rolls the whole report back.
 *
 * @param task the task as it was before the report
 * @param report what the peer reported
 */
public record PeerTaskFinished(PeerTask task, TaskReport report) {}
