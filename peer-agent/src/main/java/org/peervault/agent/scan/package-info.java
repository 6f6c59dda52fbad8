/**
 * Walking the trees to back up. An <em>entry</em> is one directory, regular file or symbolic link
 * found under a root, named by a <em>snapshot path</em>: relative, '/'-separated, starting with the
 * root directory's own name ({@code /home/ann/docs/a.txt} under root {@code /home/ann/docs} is
 * {@code docs/a.txt}). Links are recorded, never followed.
 */
package org.peervault.agent.scan;
