package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.repository.testdb.PostgresTestResource;

/** The key service: audited, rate-limited per device, and per organization. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class KeyServiceRpcTest extends RpcTestSupport {
  @Inject
  EntityManager em;

  private static LookupChunksRequest lookup(int count) {
    LookupChunksRequest.Builder request = LookupChunksRequest.newBuilder();
    for (int i = 0; i < count; i++) {
      request.addPlainHashes(ByteString.copyFrom(sha256("key-" + i + "-" + Math.random())));
    }
    return request.build();
  }

  private long audited(long deviceId, boolean refused) {
    return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
        "SELECT count(*) FROM key_request_audit WHERE device_id = ?1 AND refused = ?2")
        .setParameter(1, deviceId).setParameter(2, refused).getSingleResult()).longValue());
  }

  @Test
  void everyKeyRequestIsAuditedAndAGreedyDeviceIsSlowedDown() {
    Agent greedy = newOrganization("greedy").register("greedy", 1 << 30, "", "");
    Agent other = newOrganization("modest").register("modest", 1 << 30, "", "");
    LookupChunksRequest big = lookup(4096);

    Status refused = null;
    for (int i = 0; i < 40 && refused == null; i++) {
      try {
        greedy.stub().lookupChunks(big);
      } catch (io.grpc.StatusRuntimeException e) {
        refused = e.getStatus();
      }
    }

    assertThat(refused).as("the burst (50,000 keys in tests) ran out").isNotNull();
    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getDescription()).contains("faster than");
    assertThat(audited(greedy.deviceId(), false)).isGreaterThanOrEqualTo(12);
    assertThat(audited(greedy.deviceId(), true)).isEqualTo(1);
    other.stub().lookupChunks(lookup(10));
    assertThat(audited(other.deviceId(), false)).isEqualTo(1);
  }
}
