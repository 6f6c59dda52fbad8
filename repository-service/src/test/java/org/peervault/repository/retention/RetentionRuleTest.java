package org.peervault.repository.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.policy.PolicySettings;
import org.peervault.repository.retention.RetentionRule.SnapshotFate;

class RetentionRuleTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final RetentionRule RULE = RetentionRule.of(policy(90, 2555,
      List.of("*.pdf", "finance/", "/home/ledger/**")));

  private static PolicySettings policy(int days, int recordDays, List<String> records) {
    PolicySettings d = PolicySettings.defaults();
    return new PolicySettings(1, "p", d.includePaths(), d.excludePatterns(), d.schedule(), days,
        records, recordDays, d.targetAvailability(), d.peerQuotaBytes());
  }

  @Test
  void recordPathsAreKeptForTheRecordRetentionOthersForTheRetention() {
    assertThat(RULE.retentionOf("home/docs/contract.pdf")).isEqualTo(Duration.ofDays(2555));
    assertThat(RULE.retentionOf("home/finance/2026/q3.xlsx")).isEqualTo(Duration.ofDays(2555));
    assertThat(RULE.retentionOf("home/ledger/a/b.txt")).isEqualTo(Duration.ofDays(2555));
    assertThat(RULE.retentionOf("home/docs/notes.txt")).isEqualTo(Duration.ofDays(90));
    // Anchored: only at the start of the path; a file named like a directory pattern is not one.
    assertThat(RULE.retentionOf("other/home/ledger/b.txt")).isEqualTo(Duration.ofDays(90));
    assertThat(RULE.retentionOf("home/finance")).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void aVersionExactlyAsOldAsTheRetentionIsKeptOneMillisecondOlderExpires() {
    Instant boundary = NOW.minus(Duration.ofDays(90));
    assertThat(RULE.expired("home/notes.txt", boundary, NOW)).isFalse();
    assertThat(RULE.expired("home/notes.txt", boundary.minusMillis(1), NOW)).isTrue();
    assertThat(RULE.expired("home/a.pdf", boundary.minusMillis(1), NOW)).isFalse();
    Instant recordBoundary = NOW.minus(Duration.ofDays(2555));
    assertThat(RULE.expired("home/a.pdf", recordBoundary, NOW)).isFalse();
    assertThat(RULE.expired("home/a.pdf", recordBoundary.minusMillis(1), NOW)).isTrue();
  }

  @Test
  void theNewestSnapshotIsKeptWholeHoweverOld() {
    Instant ancient = NOW.minus(Duration.ofDays(10_000));
    assertThat(RULE.fate(ancient, true, NOW)).isEqualTo(SnapshotFate.KEEP);
    assertThat(RULE.fate(ancient, false, NOW)).isEqualTo(SnapshotFate.EXPIRE);
  }

  @Test
  void snapshotsBetweenTheTwoRetentionsAreDecidedPathByPath() {
    assertThat(RULE.fate(NOW.minus(Duration.ofDays(30)), false, NOW)).isEqualTo(SnapshotFate.KEEP);
    assertThat(RULE.fate(NOW.minus(Duration.ofDays(90)), false, NOW)).isEqualTo(SnapshotFate.KEEP);
    assertThat(RULE.fate(NOW.minus(Duration.ofDays(91)), false, NOW))
        .isEqualTo(SnapshotFate.BY_PATH);
    assertThat(RULE.fate(NOW.minus(Duration.ofDays(2556)), false, NOW))
        .isEqualTo(SnapshotFate.EXPIRE);
  }

  @Test
  void withoutRecordPatternsTheRecordRetentionPlaysNoPart() {
    RetentionRule plain = RetentionRule.of(policy(90, 2555, List.of()));
    assertThat(plain.fate(NOW.minus(Duration.ofDays(91)), false, NOW))
        .isEqualTo(SnapshotFate.EXPIRE);
    assertThat(plain.expiresBefore(NOW)).isEqualTo(NOW.minus(Duration.ofDays(90)));
    // A record retention shorter than the normal one applies to records only.
    RetentionRule shortRecords = RetentionRule.of(policy(90, 30, List.of("tmp-records/")));
    assertThat(shortRecords.expired("a/tmp-records/x", NOW.minus(Duration.ofDays(31)), NOW))
        .isTrue();
    assertThat(shortRecords.expired("a/other/x", NOW.minus(Duration.ofDays(31)), NOW)).isFalse();
    assertThat(shortRecords.expiresBefore(NOW)).isEqualTo(NOW.minus(Duration.ofDays(30)));
  }

  @Test
  void recordPatternsSkipCommentsAndRefuseNegation() {
    assertThat(RecordPatterns.parse(List.of("# records", "  ", "")).isEmpty()).isTrue();
    assertThatThrownBy(() -> RecordPatterns.parse(List.of("*.pdf", "!draft.pdf")))
        .isInstanceOf(PeerVaultException.class)
        .hasMessageContaining("!draft.pdf").hasMessageContaining("remove the '!' line");
  }

  @Test
  void recordPatternsFollowGitignoreStarsAndDepth() {
    RecordPatterns p = RecordPatterns.parse(List.of("contracts/*.docx", "**/legal/**", "?.tax"));
    assertThat(p.matches("home/contracts/a.docx")).isFalse(); // anchored at the root
    assertThat(p.matches("contracts/a.docx")).isTrue();
    assertThat(p.matches("contracts/sub/a.docx")).isFalse(); // '*' stays in one segment
    assertThat(p.matches("x/y/legal/z/w.txt")).isTrue();
    assertThat(p.matches("home/a.tax")).isTrue();
    assertThat(p.matches("home/ab.tax")).isFalse();
    assertThat(RecordPatterns.none().matches("anything")).isFalse();
  }
}
