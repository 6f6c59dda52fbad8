package org.peervault.agent.scan;

/** A path that was not backed up, and why (unreadable, vanished, not a regular file...). */
public record Skipped(String path, String reason) {}
