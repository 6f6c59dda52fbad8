package org.peervault.agent.scan;

/** What a scanned entry is. */
public enum EntryKind {
  REGULAR,
  DIRECTORY,
  SYMLINK
}
