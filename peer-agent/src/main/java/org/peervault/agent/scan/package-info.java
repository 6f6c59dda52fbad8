/**
 * Walking the trees to back up. An <em>entry</em> is one directory, regular file or symbolic link
 * found under a root, named by a <em>snapshot path</em>: relative, '/'-separated, starting with the
 * root directory's own name ({@code /home/ann/docs/a.txt} under root {@code /home/ann/docs} is
 * {@code docs/a.txt}). Links are recorded, never followed. An <em>exclusion</em> leaves a path out on
 * purpose: a built-in {@link org.peervault.agent.scan.ExclusionClass} or a gitignore-syntax pattern
 * matched against the path relative to its root. A <em>stamp</em> (size, mtime, ctime, inode) tells
 * a change without reading the file.
 */
package org.peervault.agent.scan;
