/**
 * Restore: planning which chunks to fetch, and writing files back safely.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>target directory</b>: the directory a restore writes into; nothing is ever written
 *       outside it.</li>
 *   <li><b>repository path</b>: a file's path as the repository records it: relative,
 *       '/'-separated, no "." or ".." segments. {@link org.peervault.agent.restore.SafePath}
 *       turns one into a path under the target directory, or refuses it.</li>
 *   <li><b>escape</b>: a path or a planted symbolic link that would make a write land outside the
 *       target directory ({@link org.peervault.agent.restore.PathEscapeException}).</li>
 * </ul>
 */
package org.peervault.agent.restore;
