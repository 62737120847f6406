package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardingCacheTest {

  private static final DnsForwardingEntry CORP =
      new DnsForwardingEntry(List.of("corp.example"), List.of("10.0.0.2"));

  @Test
  void dropsTheEntryThatStopsBeingServableFirstWhenFull() {
    DnsAnswerCache cache = new DnsAnswerCache(2);

    cache.put(found("a.corp.example", 5_000), 0);
    cache.put(found("b.corp.example", 1_000), 0);
    cache.put(found("c.corp.example", 9_000), 0);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b.corp.example")).isEmpty();
    assertThat(cache.get("a.corp.example")).isPresent();
    assertThat(cache.get("c.corp.example")).isPresent();
  }

  @Test
  void purgesEntriesPastTheirStaleWindowAsNewOnesArrive() {
    DnsAnswerCache cache = new DnsAnswerCache(10_000);
    cache.put(found("old.corp.example", 1_000), 0);

    for (int i = 0; i < 300; i++) {
      cache.put(found("n" + i + ".corp.example", 10_000), 2_000);
    }

    assertThat(cache.get("old.corp.example")).isEmpty();
    assertThat(cache.size()).isEqualTo(300);
  }

  @Test
  void keepsOnlyWhatARetainRuleAccepts() {
    DnsAnswerCache cache = new DnsAnswerCache(10);
    cache.put(found("a.corp.example", 1_000), 0);
    cache.put(found("b.corp.example", 1_000), 0);

    cache.retain(e -> e.name().startsWith("a."));

    assertThat(cache.get("a.corp.example")).isPresent();
    assertThat(cache.get("b.corp.example")).isEmpty();
  }

  @Test
  void marksAnAnswerStaleOnlyOnceItHasExpired() {
    DnsAnswerCache.Entry e = found("a.corp.example", 5_000);

    assertThat(e.servedStale(500, 1_500).stale()).isFalse();
    assertThat(e.servedStale(500, 1_500).nextRefreshAt()).isEqualTo(1_500);
    assertThat(e.servedStale(1_000, 2_000).stale()).isTrue();
    assertThat(e.isServableStale(4_999)).isTrue();
    assertThat(e.isServableStale(5_000)).isFalse();
  }

  private static DnsAnswerCache.Entry found(String name, long staleUntil) {
    DnsAnswer answer = new DnsAnswer.Found(
        List.of(InetAddress.getLoopbackAddress()), 1, "10.0.0.2:53");
    return new DnsAnswerCache.Entry(name, CORP, answer, 0, 1_000, staleUntil, 0, false,
        new AtomicInteger());
  }
}
