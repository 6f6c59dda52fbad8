/**
 * The agent's local index: what each backed-up file looked like (its {@link
 * org.peervault.agent.scan.FileStamp stamp}) and which chunks hold it, so an unchanged file is
 * neither opened nor sent again. The index is a cache, never the truth: the repository confirms
 * an indexed file's chunks before a snapshot references them, and a lost or corrupt index only
 * costs one full re-read.
 */
package org.peervault.agent.index;
