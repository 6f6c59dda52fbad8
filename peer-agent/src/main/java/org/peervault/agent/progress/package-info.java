/**
 * Progress of long operations: the {@link org.peervault.agent.progress.Progress} record the backup
 * and restore engines report (files, bytes, speed, ETA) and the listener they report to. Rendering
 * (a terminal line, JSON lines) belongs to the command line.
 */
package org.peervault.agent.progress;
