/**
 * The audit log: who did what to what, when, and how it ended, for every admin and helpdesk
 * action that changes something (successful or refused after authentication).
 *
 * <p>Terms: <b>actor</b> the username that acted, <b>role</b> the most powerful role it held,
 * <b>action</b> a stable dotted name such as {@code device.revoke}, <b>target</b> what it acted
 * on ({@code device=42}), <b>outcome</b> {@code ok} or the stable error code of the failure.
 * Entries are written in their own transaction, so a failed action is still recorded.
 */
package org.peervault.repository.audit;
