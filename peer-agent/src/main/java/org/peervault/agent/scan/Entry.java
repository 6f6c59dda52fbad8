package org.peervault.agent.scan;

import java.nio.file.Path;

/**
 * One scanned directory, file or link.
 *
 * @param snapshotPath relative '/'-separated name in the snapshot
 * @param source where it lies on this machine
 * @param sizeBytes size at scan time (0 for directories and links)
 * @param mode POSIX permission bits
 * @param mtimeMillis modification time
 * @param linkTarget the link's target, for symlinks; empty otherwise
 */
public record Entry(String snapshotPath, Path source, EntryKind kind, long sizeBytes, int mode,
    long mtimeMillis, String linkTarget) {}
