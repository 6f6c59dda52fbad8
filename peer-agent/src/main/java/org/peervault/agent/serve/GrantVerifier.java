package org.peervault.agent.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.GrantBody;

/**
 * Decides whether a peer call may touch a chunk: the caller must be of this peer's organization and
 * not revoked, and its grant must be signed by the repository's grant key (Ed25519), be of version 1,
 * allow the call's action on the chunk, be for the calling device and this organization, and not
 * have expired ({@value #SKEW_SECONDS} s of clock skew allowed). The grant key and the revoked set
 * are replaced by each heartbeat. Thread-safe; refusals are {@link GrantRefusedException}s whose
 * message names the failed check.
 *
 * <p>Signatures are checked with Bouncy Castle's Ed25519 (RFC 8032, the same check as the JDK's;
 * the JDK 17 implementation costs milliseconds each), once per grant: a grant covers the chunks of
 * a whole batch, and calls that present it again find it among the recently verified.
 */
public final class GrantVerifier {
  /** Clock difference between repository and peer that a grant's expiry tolerates. */
  public static final long SKEW_SECONDS = 30;
  private static final int VERSION = 1;

  private final long organizationId;
  private final long ownDeviceId;
  private final Clock clock;
  private volatile PublicKey grantKey;
  private volatile KeyParameters parsedKey;
  private volatile Set<Long> revoked = Set.of();
  private final RecentGrants recent = new RecentGrants();

  /** A verifier for a peer of {@code organizationId} that trusts {@code grantKey} (null: none yet). */
  public GrantVerifier(long organizationId, PublicKey grantKey, Clock clock) {
    this(organizationId, 0, grantKey, clock);
  }

  /**
   * A verifier for peer {@code ownDeviceId} of {@code organizationId}: grants that name the peers
   * they may be presented to are accepted only when this device is among them (0: no such check).
   */
  public GrantVerifier(long organizationId, long ownDeviceId, PublicKey grantKey, Clock clock) {
    this.organizationId = organizationId;
    this.ownDeviceId = ownDeviceId;
    this.grantKey = grantKey;
    this.clock = clock;
  }

  /** Replaces the grant key (when not null) and the revoked devices, as a heartbeat reports them. */
  public void update(PublicKey newGrantKey, Collection<Long> revokedDeviceIds) {
    if (newGrantKey != null) {
      this.grantKey = newGrantKey;
    }
    this.revoked = Set.copyOf(revokedDeviceIds);
  }

  /** The devices refused at the moment. */
  public Set<Long> revoked() {
    return revoked;
  }

  /** Refuses a caller of another organization or a revoked device. */
  public void checkCaller(Caller caller) {
    if (caller.organizationId() != organizationId) {
      throw new GrantRefusedException("peer: the caller is device " + caller.deviceId() + " of organization "
          + caller.organizationId() + ", this peer serves organization " + organizationId);
    }
    if (revoked.contains(caller.deviceId())) {
      throw new GrantRefusedException("peer: device " + caller.deviceId() + " is revoked");
    }
  }

  /**
   * Checks that {@code grant} lets {@code caller} do {@code action} on {@code chunkId}.
   *
   * @throws GrantRefusedException naming the first check that failed
   */
  public void check(Grant grant, GrantAction action, String chunkId, Caller caller) {
    verify(grant, action, caller).require(chunkId);
  }

  /**
   * Checks that {@code grant} lets {@code caller} do {@code action}, and returns what it covers:
   * a call about many chunks checks the grant once, then each chunk with {@link Verified#require}.
   * A grant's signature is verified once and remembered (by signature, under the grant key of the
   * moment) for the next calls that present it; every other check runs each time.
   *
   * @throws GrantRefusedException naming the first check that failed
   */
  public Verified verify(Grant grant, GrantAction action, Caller caller) {
    checkCaller(caller);
    if (grant == null || grant.getBody().isEmpty()) {
      throw new GrantRefusedException("grant: missing; the caller must send the grant the repository issued");
    }
    PublicKey key = grantKey;
    if (key == null) {
      throw new GrantRefusedException("grant: this peer has no grant key yet; it gets one from the repository");
    }
    Verified verified = recent.get(grant, key);
    if (verified == null) {
      if (!signed(grant, parameters(key))) {
        throw new GrantRefusedException("grant: signature does not verify with the repository's grant key");
      }
      GrantBody body;
      try {
        body = GrantBody.parseFrom(grant.getBody());
      } catch (InvalidProtocolBufferException e) {
        throw new GrantRefusedException("grant: body is not a GrantBody");
      }
      verified = new Verified(body, Set.copyOf(body.getChunkIdsList()));
      recent.put(grant, key, verified);
    }
    GrantBody body = verified.body;
    if (body.getVersion() != VERSION) {
      throw new GrantRefusedException("grant: version " + body.getVersion() + ", this peer reads " + VERSION);
    }
    if (body.getAction() != action) {
      throw new GrantRefusedException("grant: allows " + name(body.getAction()) + ", not " + name(action));
    }
    if (body.getDeviceId() != caller.deviceId()) {
      throw new GrantRefusedException("grant: for device " + body.getDeviceId() + ", but the caller is device "
          + caller.deviceId());
    }
    if (body.getOrganizationId() != organizationId) {
      throw new GrantRefusedException("grant: for organization " + body.getOrganizationId()
          + ", this peer serves organization " + organizationId);
    }
    if (body.getPeerDeviceIdsCount() > 0 && !body.getPeerDeviceIdsList().contains(ownDeviceId)) {
      throw new GrantRefusedException("grant: for peers " + body.getPeerDeviceIdsList() + ", this peer is device "
          + ownDeviceId);
    }
    long late = clock.millis() - body.getExpiresAtMillis();
    if (late > Duration.ofSeconds(SKEW_SECONDS).toMillis()) {
      throw new GrantRefusedException("grant: expired " + Duration.ofMillis(late).toSeconds() + " s ago");
    }
    return verified;
  }

  /** A grant that passed {@link #verify}: the chunks it covers. */
  public static final class Verified {
    private final GrantBody body;
    private final Set<String> chunkIds;

    private Verified(GrantBody body, Set<String> chunkIds) {
      this.body = body;
      this.chunkIds = chunkIds;
    }

    /** Refuses a chunk the grant does not cover. */
    public void require(String chunkId) {
      if (!chunkIds.contains(chunkId)) {
        throw new GrantRefusedException("grant: does not cover chunk " + shortId(chunkId));
      }
    }
  }

  /** The last few verified grants, by signature, with their body and the key that verified them. */
  private static final class RecentGrants {
    private static final int SIZE = 64;
    private record Entry(ByteString body, PublicKey key, Verified verified) {}

    private final Map<ByteString, Entry> entries = new LinkedHashMap<>(SIZE, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteString, Entry> eldest) {
        return size() > SIZE;
      }
    };

    synchronized Verified get(Grant grant, PublicKey key) {
      Entry entry = entries.get(grant.getSignature());
      return entry != null && entry.key() == key && entry.body().equals(grant.getBody()) ? entry.verified() : null;
    }

    synchronized void put(Grant grant, PublicKey key, Verified verified) {
      entries.put(grant.getSignature(), new Entry(grant.getBody(), key, verified));
    }
  }

  /** The grant key as Bouncy Castle parameters, parsed once per key; null when it is not Ed25519. */
  private AsymmetricKeyParameter parameters(PublicKey key) {
    KeyParameters parsed = parsedKey;
    if (parsed == null || parsed.key() != key) {
      AsymmetricKeyParameter params;
      try {
        params = PublicKeyFactory.createKey(key.getEncoded());
      } catch (IOException | RuntimeException e) {
        params = null;
      }
      parsed = new KeyParameters(key, params);
      parsedKey = parsed;
    }
    return parsed.params();
  }

  private record KeyParameters(PublicKey key, AsymmetricKeyParameter params) {}

  private static boolean signed(Grant grant, AsymmetricKeyParameter key) {
    if (key == null) {
      return false;
    }
    try {
      Ed25519Signer ed25519 = new Ed25519Signer();
      ed25519.init(false, key);
      byte[] body = grant.getBody().toByteArray();
      ed25519.update(body, 0, body.length);
      return ed25519.verifySignature(grant.getSignature().toByteArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String name(GrantAction action) {
    return action.name().replace("GRANT_ACTION_", "");
  }

  private static String shortId(String chunkId) {
    return chunkId.length() > 12 ? chunkId.substring(0, 12) : chunkId;
  }
}
