/**
 * Backup policies: what a device backs up (included paths, exclusion patterns), how often
 * (schedule), how long versions are kept (retention, and longer for paths marked as records), the
 * target availability p_s that placement must reach, and the disk each device lends.
 *
 * <p>A policy applies to an organization (its default) or to one device group; a device's
 * <em>effective</em> policy is its group's, else the organization default, else {@link
 * org.peervault.repository.policy.PolicySettings#defaults()}.
 */
package org.peervault.repository.policy;
