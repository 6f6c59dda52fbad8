package org.peervault.agent.backup;

import java.io.IOException;

/** A file kept changing while it was read; it is skipped this run and backed up by the next. */
public final class FileChangedException extends IOException {
  public FileChangedException(String path, int attempts) {
    super("changed while being read (" + attempts + " attempts); the next backup will try again");
  }
}
