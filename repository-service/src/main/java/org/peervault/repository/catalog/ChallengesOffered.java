package org.peervault.repository.catalog;

import java.util.List;
import java.util.Map;

/**
 * CDI event fired inside the confirming transaction with the audit challenges that came with
 * chunks recorded for the first time. Challenges offered for a chunk already recorded are
 * dropped: only the device that first stored a chunk is trusted to describe its bytes (a device
 * that merely knows a plaintext must not be able to make honest holders fail their audits).
 *
 * @param challengesByChunk well-formed challenges per new chunk id
 */
public record ChallengesOffered(Map<String, List<AuditChallenge>> challengesByChunk) {}
