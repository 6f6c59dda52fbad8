package org.peervault.agent.scan;

/** A path left out on purpose, and the rule that left it out (for {@code --dry-run}). */
public record Excluded(String path, String reason) {}
