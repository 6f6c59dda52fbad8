package org.peervault.agent.serve;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peervault.agent.transfer.TestPki;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.GrantBody;

class GrantVerifierTest {
  private static final long ORG = 7;
  private static final String CHUNK = "a".repeat(64);
  private static final String OTHER_CHUNK = "b".repeat(64);
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Caller CALLER = new Caller(9, ORG);

  private final KeyPair repository = TestPki.newGrantKeys();
  private final GrantVerifier verifier =
      new GrantVerifier(ORG, repository.getPublic(), Clock.fixed(NOW, ZoneOffset.UTC));

  private Grant grant(GrantAction action, String chunk, long device, long org, Instant expires) {
    return TestPki.grant(repository.getPrivate(), action, List.of(chunk), device, org, expires);
  }

  private Grant good(GrantAction action) {
    return grant(action, CHUNK, 9, ORG, NOW.plusSeconds(300));
  }

  @Test
  void acceptsAGoodGrantForEachAction() {
    for (GrantAction action : List.of(GrantAction.GRANT_ACTION_STORE, GrantAction.GRANT_ACTION_FETCH,
        GrantAction.GRANT_ACTION_DELETE)) {
      assertThatCode(() -> verifier.check(good(action), action, CHUNK, CALLER)).doesNotThrowAnyException();
    }
  }

  @Test
  void acceptsAGrantJustExpiredWithinTheClockSkewAllowance() {
    Grant grant = grant(GrantAction.GRANT_ACTION_FETCH, CHUNK, 9, ORG, NOW.minusSeconds(20));
    assertThatCode(() -> verifier.check(grant, GrantAction.GRANT_ACTION_FETCH, CHUNK, CALLER))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAForgedSignature() {
    Grant forged = TestPki.grant(TestPki.newGrantKeys().getPrivate(), GrantAction.GRANT_ACTION_STORE,
        List.of(CHUNK), 9, ORG, NOW.plusSeconds(300));
    assertRefused(forged, GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: signature does not verify");
  }

  @Test
  void refusesABodyChangedAfterSigning() {
    Grant good = good(GrantAction.GRANT_ACTION_FETCH);
    Grant tampered = good.toBuilder().setBody(GrantBody.newBuilder().setVersion(1)
        .setAction(GrantAction.GRANT_ACTION_FETCH).addChunkIds(CHUNK).setDeviceId(9).setOrganizationId(ORG)
        .setExpiresAtMillis(NOW.plusSeconds(86_400).toEpochMilli()).build().toByteString()).build();
    assertRefused(tampered, GrantAction.GRANT_ACTION_FETCH, CHUNK, "grant: signature does not verify");
  }

  @Test
  void aGrantVerifiedOnceStillGetsEveryOtherCheckAndAChangedBodyIsRefused() {
    Grant good = good(GrantAction.GRANT_ACTION_FETCH);
    assertThatCode(() -> verifier.check(good, GrantAction.GRANT_ACTION_FETCH, CHUNK, CALLER)).doesNotThrowAnyException();

    assertRefused(good, GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: allows FETCH, not STORE");
    assertRefused(good, GrantAction.GRANT_ACTION_FETCH, OTHER_CHUNK, "grant: does not cover chunk");
    assertThatThrownBy(() -> verifier.check(good, GrantAction.GRANT_ACTION_FETCH, CHUNK, new Caller(10, ORG)))
        .isInstanceOf(GrantRefusedException.class).hasMessageStartingWith("grant: for device 9");
    Grant tampered = good.toBuilder().setBody(GrantBody.newBuilder().setVersion(1)
        .setAction(GrantAction.GRANT_ACTION_FETCH).addChunkIds(CHUNK).addChunkIds(OTHER_CHUNK).setDeviceId(9)
        .setOrganizationId(ORG).setExpiresAtMillis(NOW.plusSeconds(300).toEpochMilli()).build().toByteString()).build();
    assertRefused(tampered, GrantAction.GRANT_ACTION_FETCH, OTHER_CHUNK, "grant: signature does not verify");
  }

  @Test
  void aGrantVerifiedUnderAReplacedKeyIsCheckedAgain() {
    Grant good = good(GrantAction.GRANT_ACTION_FETCH);
    assertThatCode(() -> verifier.check(good, GrantAction.GRANT_ACTION_FETCH, CHUNK, CALLER)).doesNotThrowAnyException();

    verifier.update(TestPki.newGrantKeys().getPublic(), List.of());

    assertRefused(good, GrantAction.GRANT_ACTION_FETCH, CHUNK, "grant: signature does not verify");
  }

  @Test
  void oneGrantCoversEveryChunkItLists() {
    Grant both = TestPki.grant(repository.getPrivate(), GrantAction.GRANT_ACTION_STORE, List.of(CHUNK, OTHER_CHUNK),
        9, ORG, NOW.plusSeconds(300));
    GrantVerifier.Verified verified = verifier.verify(both, GrantAction.GRANT_ACTION_STORE, CALLER);

    assertThatCode(() -> verified.require(CHUNK)).doesNotThrowAnyException();
    assertThatCode(() -> verified.require(OTHER_CHUNK)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verified.require("c".repeat(64))).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("grant: does not cover chunk");
  }

  @Test
  void refusesAMissingGrant() {
    assertRefused(Grant.getDefaultInstance(), GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: missing");
  }

  @Test
  void refusesAnExpiredGrant() {
    assertRefused(grant(GrantAction.GRANT_ACTION_STORE, CHUNK, 9, ORG, NOW.minusSeconds(31)),
        GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: expired 31 s ago");
  }

  @Test
  void refusesAGrantForAnotherAction() {
    assertRefused(good(GrantAction.GRANT_ACTION_FETCH), GrantAction.GRANT_ACTION_DELETE, CHUNK,
        "grant: allows FETCH, not DELETE");
  }

  @Test
  void refusesAGrantForAnotherChunk() {
    assertRefused(good(GrantAction.GRANT_ACTION_FETCH), GrantAction.GRANT_ACTION_FETCH, OTHER_CHUNK,
        "grant: does not cover chunk bbbbbbbbbbbb");
  }

  @Test
  void refusesAGrantForAnotherDevice() {
    assertRefused(grant(GrantAction.GRANT_ACTION_STORE, CHUNK, 12, ORG, NOW.plusSeconds(60)),
        GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: for device 12, but the caller is device 9");
  }

  @Test
  void refusesAGrantForAnotherOrganization() {
    assertRefused(grant(GrantAction.GRANT_ACTION_STORE, CHUNK, 9, 8, NOW.plusSeconds(60)),
        GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: for organization 8, this peer serves organization 7");
  }

  @Test
  void refusesAnotherVersion() {
    Grant v2 = TestPki.sign(repository.getPrivate(), GrantBody.newBuilder().setVersion(2)
        .setAction(GrantAction.GRANT_ACTION_STORE).addChunkIds(CHUNK).setDeviceId(9).setOrganizationId(ORG)
        .setExpiresAtMillis(NOW.plusSeconds(60).toEpochMilli()).build());
    assertRefused(v2, GrantAction.GRANT_ACTION_STORE, CHUNK, "grant: version 2, this peer reads 1");
  }

  @Test
  void acceptsAGrantNamingThisPeerAndRefusesOneNamingOthers() {
    GrantVerifier peer5 = new GrantVerifier(ORG, 5, repository.getPublic(), Clock.fixed(NOW, ZoneOffset.UTC));
    GrantBody.Builder body = GrantBody.newBuilder().setVersion(1).setAction(GrantAction.GRANT_ACTION_STORE)
        .addChunkIds(CHUNK).setDeviceId(9).setOrganizationId(ORG).setExpiresAtMillis(NOW.plusSeconds(60).toEpochMilli());

    peer5.check(TestPki.sign(repository.getPrivate(), body.clone().addPeerDeviceIds(4).addPeerDeviceIds(5).build()),
        GrantAction.GRANT_ACTION_STORE, CHUNK, CALLER);
    Grant elsewhere = TestPki.sign(repository.getPrivate(), body.clone().addPeerDeviceIds(4).addPeerDeviceIds(6).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> peer5.check(elsewhere, GrantAction.GRANT_ACTION_STORE, CHUNK, CALLER))
        .isInstanceOf(GrantRefusedException.class).hasMessage("grant: for peers [4, 6], this peer is device 5");
  }

  @Test
  void refusesARevokedCallerEvenWithAGoodGrant() {
    verifier.update(null, List.of(9L));
    assertRefused(good(GrantAction.GRANT_ACTION_FETCH), GrantAction.GRANT_ACTION_FETCH, CHUNK,
        "peer: device 9 is revoked");
    verifier.update(null, List.of());
    assertThatCode(() -> verifier.check(good(GrantAction.GRANT_ACTION_FETCH), GrantAction.GRANT_ACTION_FETCH,
        CHUNK, CALLER)).doesNotThrowAnyException();
  }

  @Test
  void refusesACallerOfAnotherOrganization() {
    Grant grant = grant(GrantAction.GRANT_ACTION_FETCH, CHUNK, 9, 8, NOW.plusSeconds(60));
    assertThatThrownBy(() -> verifier.check(grant, GrantAction.GRANT_ACTION_FETCH, CHUNK, new Caller(9, 8)))
        .isInstanceOf(GrantRefusedException.class)
        .hasMessage("peer: the caller is device 9 of organization 8, this peer serves organization 7");
  }

  @Test
  void aRotatedGrantKeyReplacesTheOldOne() {
    KeyPair rotated = TestPki.newGrantKeys();
    verifier.update(rotated.getPublic(), List.of());
    assertRefused(good(GrantAction.GRANT_ACTION_STORE), GrantAction.GRANT_ACTION_STORE, CHUNK,
        "grant: signature does not verify");
    Grant fresh = TestPki.grant(rotated.getPrivate(), GrantAction.GRANT_ACTION_STORE, List.of(CHUNK), 9, ORG,
        NOW.plusSeconds(60));
    assertThatCode(() -> verifier.check(fresh, GrantAction.GRANT_ACTION_STORE, CHUNK, CALLER))
        .doesNotThrowAnyException();
  }

  private void assertRefused(Grant grant, GrantAction action, String chunk, String message) {
    assertThatThrownBy(() -> verifier.check(grant, action, chunk, CALLER))
        .isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith(message);
  }
}
