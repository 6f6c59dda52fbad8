package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.GetPolicyRequest;
import org.peervault.proto.v1.Policy;
import org.peervault.repository.policy.Policies;
import org.peervault.repository.policy.PolicySettings;
import org.peervault.repository.testdb.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PolicyRpcTest extends RpcTestSupport {
  @Inject
  Policies policies;

  @Test
  void aDeviceWithoutStoredPolicyGetsTheBuiltInDefaults() {
    Agent agent = newOrganization("policy-defaults").register("laptop", 1 << 30, "", "");

    Policy policy = agent.stub().getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy();

    assertThat(policy.getId()).isZero();
    assertThat(policy.getIncludePathsList()).containsExactly("~");
    assertThat(policy.getSchedule()).isEqualTo("PT1H");
    assertThat(policy.getRetentionDays()).isEqualTo(90);
    assertThat(policy.getTargetAvailability()).isEqualTo(0.99);
  }

  @Test
  void aDeviceGetsItsOrganizationsPolicy() {
    Org org = newOrganization("policy-org");
    Agent agent = org.register("laptop", 1 << 30, "", "");
    policies.put(org.id(), null, "engineering", new PolicySettings(0, "engineering", List.of("~/src", "~/Documents"),
        List.of("*.iso", "node_modules/"), Duration.ofMinutes(30), 30, List.of("contracts/**"), 2555, 0.999, 5L << 30));

    Policy policy = agent.stub().getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy();

    assertThat(policy.getId()).isPositive();
    assertThat(policy.getName()).isEqualTo("engineering");
    assertThat(policy.getIncludePathsList()).containsExactly("~/src", "~/Documents");
    assertThat(policy.getExcludePatternsList()).containsExactly("*.iso", "node_modules/");
    assertThat(policy.getSchedule()).isEqualTo("PT30M");
    assertThat(policy.getRecordPatternsList()).containsExactly("contracts/**");
    assertThat(policy.getTargetAvailability()).isEqualTo(0.999);
  }
}
