package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardingSrvTest {

  private static DnsAnswer.SrvRecord srv(int priority, int weight, String target) {
    return new DnsAnswer.SrvRecord(priority, weight, 8080, target);
  }

  private static List<String> turns(List<DnsAnswer.SrvRecord> records, int n) {
    AtomicInteger rotation = new AtomicInteger();
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      picked.add(ForwardingSrv.pick(records, rotation).target());
    }
    return picked;
  }

  @Test
  void usesOnlyTheLowestPriority() {
    List<DnsAnswer.SrvRecord> sorted = new DnsAnswer.Services(
        List.of(srv(5, 100, "backup"), srv(1, 1, "main")), 60, "x").records();

    assertThat(turns(sorted, 4)).containsOnly("main");
  }

  @Test
  void sharesTurnsByWeight() {
    List<String> picked = turns(List.of(srv(0, 3, "a"), srv(0, 1, "b")), 8);

    assertThat(picked).filteredOn("a"::equals).hasSize(6);
    assertThat(picked).filteredOn("b"::equals).hasSize(2);
  }

  @Test
  void sharesEquallyWhenEveryWeightIsZero() {
    assertThat(turns(List.of(srv(0, 0, "a"), srv(0, 0, "b")), 4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void recognisesOnlyServiceShapedNames() {
    assertThat(ForwardingQueries.isSrvName("_http._tcp.api.corp.example")).isTrue();
    assertThat(ForwardingQueries.isSrvName("_http.api.corp.example")).isFalse();
    assertThat(ForwardingQueries.isSrvName("api.corp.example")).isFalse();
    assertThat(ForwardingQueries.isSrvName("_http._tcp")).isFalse();
  }
}
