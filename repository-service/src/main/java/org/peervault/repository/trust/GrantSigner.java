package org.peervault.repository.trust;

import com.google.protobuf.ByteString;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.jboss.logging.Logger;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.GrantBody;
import org.peervault.repository.keys.KeyRing;
import org.peervault.repository.keys.MasterKey;

/**
 * Signs grants with the repository's Ed25519 grant key, created at first start and kept wrapped
 * under the master key. Peers verify grants with the public key they get at enrollment and with
 * every heartbeat. Thread-safe.
 */
@Startup(CertificateAuthority.STARTUP_ORDER + 1)
@ApplicationScoped
public class GrantSigner {
  private static final Logger LOG = Logger.getLogger(GrantSigner.class);
  private static final String NAME = "grant-key";
  private static final long ADVISORY_LOCK = 0x7076_6772L;
  private static final int NONCE_BYTES = 12;

  @Inject
  KeyRing keyRing;

  @Inject
  TrustMaterialStore store;

  @Inject
  TrustConfig config;

  private Ed25519PrivateKeyParameters signingKey;
  private byte[] publicKey;

  @PostConstruct
  void load() {
    QuarkusTransaction.requiringNew().run(() -> {
      store.lockForCreation(ADVISORY_LOCK);
      TrustMaterialStore.Material material = store.find(NAME).orElseGet(this::create);
      MasterKey master = keyRing.masterKey();
      try {
        byte[] secret = material.secretPart();
        byte[] pkcs8 = master.unwrap(new MasterKey.Wrapped(Arrays.copyOf(secret, NONCE_BYTES),
            Arrays.copyOfRange(secret, NONCE_BYTES, secret.length)), NAME);
        // Bouncy Castle signs (RFC 8032, the same signatures as the JDK's): one grant per placed
        // chunk, and the JDK 17 implementation costs milliseconds each.
        signingKey = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(pkcs8);
        publicKey = material.publicPart();
      } catch (GeneralSecurityException | IOException | ClassCastException e) {
        throw new IllegalStateException("trust: cannot unwrap the grant key: it was wrapped by master key "
            + material.masterKeyId() + " but the configured master key is " + master.id(), e);
      }
    });
    LOG.infof("trust: grant key ready ttl=%s", config.grantTtl());
  }

  private TrustMaterialStore.Material create() {
    try {
      KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      MasterKey master = keyRing.masterKey();
      MasterKey.Wrapped wrapped = master.wrap(keys.getPrivate().getEncoded(), NAME);
      byte[] secret = new byte[wrapped.nonce().length + wrapped.ciphertext().length];
      System.arraycopy(wrapped.nonce(), 0, secret, 0, wrapped.nonce().length);
      System.arraycopy(wrapped.ciphertext(), 0, secret, wrapped.nonce().length, wrapped.ciphertext().length);
      TrustMaterialStore.Material material = new TrustMaterialStore.Material(keys.getPublic().getEncoded(), secret,
          master.id());
      store.insert(NAME, material);
      LOG.info("trust: created the grant key");
      return material;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("trust: Ed25519 unavailable in this JVM", e);
    }
  }

  /**
   * A grant for {@code deviceId} of {@code organizationId} to do {@code action} on these chunks,
   * at the peers {@code peerDeviceIds} only.
   */
  public Grant sign(GrantAction action, Collection<String> chunkIds, long deviceId, long organizationId,
      Collection<Long> peerDeviceIds) {
    byte[] body = GrantBody.newBuilder()
        .setVersion(1)
        .setAction(action)
        .addAllChunkIds(chunkIds)
        .setDeviceId(deviceId)
        .setOrganizationId(organizationId)
        .setExpiresAtMillis(Instant.now().plus(config.grantTtl()).toEpochMilli())
        .addAllPeerDeviceIds(peerDeviceIds)
        .build()
        .toByteArray();
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, signingKey);
    signer.update(body, 0, body.length);
    return Grant.newBuilder().setBody(ByteString.copyFrom(body)).setSignature(ByteString.copyFrom(signer.generateSignature()))
        .build();
  }

  /** The grant verification key: X.509 SubjectPublicKeyInfo DER of the Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }
}
