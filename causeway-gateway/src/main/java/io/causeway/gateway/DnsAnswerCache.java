package io.causeway.gateway;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Answers of forwarded lookups by name, shared by every event loop. Entries are immutable
 * snapshots replaced whole, so a reader never sees half an update; only the round-robin counter
 * of an answer is shared mutable state. Times are epoch milliseconds of the injected clock.
 */
final class DnsAnswerCache {

  private static final int PURGE_EVERY = 256;

  private final int maxEntries;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger puts = new AtomicInteger();

  DnsAnswerCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  Optional<Entry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Stores {@code entry}; now and then drops entries that can no longer be served at all. */
  void put(Entry entry, long now) {
    entries.put(entry.name(), entry);
    if (puts.incrementAndGet() % PURGE_EVERY == 0) {
      entries.values().removeIf(e -> e.staleUntil() <= now);
    }
    if (entries.size() > maxEntries) {
      evict();
    }
  }

  /** Keeps only the entries {@code keep} accepts (a table swap drops answers of old entries). */
  void retain(Predicate<Entry> keep) {
    entries.values().removeIf(keep.negate());
  }

  int size() {
    return entries.size();
  }

  private void evict() {
    // Misses are rare next to hits, so a scan on the rare overflow is cheaper than LRU upkeep
    // on every hit; the entry that would stop being usable first goes.
    while (entries.size() > maxEntries) {
      entries.values().stream()
          .min(Comparator.comparingLong(Entry::staleUntil))
          .ifPresent(e -> entries.remove(e.name(), e));
    }
  }

  /**
   * One cached answer.
   *
   * @param source the forwarding entry that answered; an answer is only valid for that entry
   * @param answer {@link DnsAnswer.Found}, {@link DnsAnswer.NotFound} or, briefly,
   *     {@link DnsAnswer.Unreachable}
   * @param expiresAt end of the TTL (after floor and ceiling)
   * @param staleUntil last moment a {@code Found} or {@code Services} answer may be served once its servers fail
   * @param nextRefreshAt before this, no new background refresh starts (throttles retries)
   * @param stale true once a refresh failed after expiry and the answer is served stale
   * @param rotation round-robin position over the addresses
   */
  record Entry(
      String name,
      DnsForwardingEntry source,
      DnsAnswer answer,
      long storedAt,
      long expiresAt,
      long staleUntil,
      long nextRefreshAt,
      boolean stale,
      AtomicInteger rotation) {

    boolean isFresh(long now) {
      return now < expiresAt;
    }

    boolean isServableStale(long now) {
      return (answer instanceof DnsAnswer.Found || answer instanceof DnsAnswer.Services)
          && now < staleUntil;
    }

    Entry servedStale(long now, long retryAt) {
      return new Entry(name, source, answer, storedAt, expiresAt, staleUntil, retryAt, now >= expiresAt,
          rotation);
    }
  }
}
