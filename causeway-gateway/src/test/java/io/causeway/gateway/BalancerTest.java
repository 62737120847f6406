package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancerTest {

  private static List<TargetHealth> targets(int... weights) {
    List<TargetHealth> list = new java.util.ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      list.add(new TargetHealth(TargetDef.of("u", "10.0.0." + (i + 1), 80, weights[i]), i));
    }
    return list;
  }

  private static Map<String, Integer> spread(Balancer b, int n, Optional<String> key) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(b.pick(key, Set.of()).orElseThrow().def().host(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void roundRobinFollowsWeightsExactlyOverAWheel() {
    Balancer b = Balancer.of(UpstreamDef.Algorithm.ROUND_ROBIN, targets(100, 50, 50), 10_000, 7);
    Map<String, Integer> counts = spread(b, 400, Optional.empty());
    assertThat(counts).containsEntry("10.0.0.1", 200).containsEntry("10.0.0.2", 100).containsEntry("10.0.0.3", 100);
  }

  @Test
  void roundRobinSkipsDisabledAndUnhealthyTargets() {
    List<TargetHealth> ts = targets(100, 0, 100);
    markUnhealthy(ts.get(2));
    Balancer b = Balancer.of(UpstreamDef.Algorithm.ROUND_ROBIN, ts, 10_000, 7);
    assertThat(spread(b, 10, Optional.empty())).containsOnlyKeys("10.0.0.1");
    markUnhealthy(ts.get(0));
    assertThat(b.pick(Optional.empty(), Set.of())).isEmpty();
  }

  @Test
  void consistentHashingKeepsAKeyOnItsTargetAndMovesOnlyWhenItIsUnhealthy() {
    List<TargetHealth> ts = targets(100, 100, 100);
    Balancer b = Balancer.of(UpstreamDef.Algorithm.CONSISTENT_HASHING, ts, 10_000, 1);
    Map<String, String> owner = new HashMap<>();
    for (int k = 0; k < 300; k++) {
      owner.put("user-" + k, b.pick(Optional.of("user-" + k), Set.of()).orElseThrow().def().host());
    }
    assertThat(Set.copyOf(owner.values())).hasSize(3);
    for (int k = 0; k < 300; k++) {
      assertThat(b.pick(Optional.of("user-" + k), Set.of()).orElseThrow().def().host()).isEqualTo(owner.get("user-" + k));
    }
    markUnhealthy(ts.get(0));
    for (int k = 0; k < 300; k++) {
      String now = b.pick(Optional.of("user-" + k), Set.of()).orElseThrow().def().host();
      if (!owner.get("user-" + k).equals("10.0.0.1")) {
        assertThat(now).as("keys of healthy targets stay").isEqualTo(owner.get("user-" + k));
      } else {
        assertThat(now).isNotEqualTo("10.0.0.1");
      }
    }
  }

  @Test
  void leastConnectionsPrefersTheTargetWithFewestActiveConnectionsPerWeight() {
    List<TargetHealth> ts = targets(100, 100);
    Balancer b = Balancer.of(UpstreamDef.Algorithm.LEAST_CONNECTIONS, ts, 10_000, 1);
    ts.get(0).connectionStarted();
    assertThat(b.pick(Optional.empty(), Set.of()).orElseThrow()).isSameAs(ts.get(1));
    ts.get(1).connectionStarted();
    ts.get(1).connectionStarted();
    assertThat(b.pick(Optional.empty(), Set.of()).orElseThrow()).isSameAs(ts.get(0));
    assertThat(b.pick(Optional.empty(), Set.of(ts.get(0))).orElseThrow()).isSameAs(ts.get(1));
  }

  @Test
  void healthCountersFollowKongsThresholds() {
    TargetHealth t = targets(100).get(0);
    HealthcheckDef.Healthy ok = new HealthcheckDef.Healthy(Duration.ZERO, List.of(200), 2);
    HealthcheckDef.Unhealthy bad = new HealthcheckDef.Unhealthy(Duration.ZERO, List.of(500), 3, 2, 2);
    t.record(TargetHealth.Outcome.HTTP_FAILURE, ok, bad);
    t.record(TargetHealth.Outcome.SUCCESS, ok, bad);
    t.record(TargetHealth.Outcome.HTTP_FAILURE, ok, bad);
    assertThat(t.isHealthy()).as("a success clears the failure count").isTrue();
    t.record(TargetHealth.Outcome.HTTP_FAILURE, ok, bad);
    assertThat(t.isHealthy()).isFalse();
    t.record(TargetHealth.Outcome.SUCCESS, ok, bad);
    assertThat(t.isHealthy()).isFalse();
    t.record(TargetHealth.Outcome.SUCCESS, ok, bad);
    assertThat(t.isHealthy()).isTrue();
  }

  @Test
  void zeroThresholdsNeverTripTheBreaker() {
    TargetHealth t = targets(100).get(0);
    HealthcheckDef.Passive off = HealthcheckDef.defaults().passive();
    for (int i = 0; i < 100; i++) {
      t.record(TargetHealth.Outcome.TCP_FAILURE, off.healthy(), off.unhealthy());
    }
    assertThat(t.isHealthy()).isTrue();
  }

  private static void markUnhealthy(TargetHealth t) {
    t.record(TargetHealth.Outcome.TCP_FAILURE,
        new HealthcheckDef.Healthy(Duration.ZERO, List.of(), 1),
        new HealthcheckDef.Unhealthy(Duration.ZERO, List.of(), 1, 0, 0));
  }
}
