package io.causeway.gateway;

import io.causeway.gateway.RouterCandidate.HostRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The router's candidate index, laid out in flat arrays so that a lookup at 10,000 routes reads a
 * handful of cache lines: a hash slot and one contiguous entry for the host, a hash slot and one
 * entry for the path prefix, and nothing of the matcher itself when the entry proves the match.
 * Immutable once built.
 *
 * <p><b>Buckets.</b> Matchers are grouped by host key: an exact name, a {@code *.suffix} or a
 * {@code prefix.*} (see {@link HostRule#isIndexable()}); matchers without hosts, or with a host
 * no key expresses, go to the other-hosts bucket, which every lookup searches. Within a
 * bucket, matchers with prefix paths are listed under each of their prefixes, the rest (regex or
 * no path) in one list. A list holds codes {@code rank << 1 | proven}, ranks ascending (priority
 * order); {@code proven} says that finding the list's host key and prefix in the request proves
 * the matcher matches: it has no methods, headers or SNIs, a port-less host rule with this key (or
 * no hosts, in the other-hosts bucket), and a prefix path (or none).
 *
 * <p><b>Layout.</b> Everything lives in one {@code int[]} pool. A key is {@code [length, words...]}
 * with its chars packed four to an int (a path's byte view always fits; validated route hosts are
 * ASCII, and a hand-built one with a char above {@code 0xff} gets no key and is listed with the
 * other hosts), so a host entry with its one prefix spans about one cache line. A host entry is {@code [kind, key, bucket]}; a bucket is
 * {@code [minRank, unindexed list, prefixes]} where a list is {@code [count, codes...]} and the
 * prefixes are either inline, {@code [n, (key, list) x n]}, searched by comparing each against the
 * path (a bucket with up to {@value #INLINE_PREFIXES} prefixes, the usual host), or {@code [-1,
 * bucketId, lengthCount, lengths...]} with each prefix in a shared hash table under {@code
 * (bucketId, prefix)} as {@code [bucketId, key, list]}. The hash tables are {@code long[]}
 * open-addressing slots holding {@code hash << 32 | entry offset + 1}, so a probe reads one slot
 * and, when the hash agrees, the entry.
 *
 * <p><b>Search.</b> Lists are read in rank order and stop at the best rank found so far, and a
 * bucket whose lowest rank cannot beat it is skipped: an exact host's routes outrank the path-only
 * ones, so their lookup never reads the other-hosts bucket's prefix table. The probe computes the
 * path's hash once, extending it to each distinct prefix length of the bucket.
 */
final class RouterIndex {

  /** Buckets with more prefixes than this keep them in the shared hash table. */
  static final int INLINE_PREFIXES = 8;

  private static final int EXACT = 0;
  private static final int SUFFIX = 1;
  private static final int PREFIX = 2;

  private final int[] pool;
  private final long[] hostSlots;
  private final long[] prefixSlots;
  private final int otherHosts;
  private final boolean anyHostKeys;
  private final boolean suffixKeys;
  private final boolean prefixKeys;

  private RouterIndex(
      int[] pool,
      long[] hostSlots,
      long[] prefixSlots,
      int otherHosts,
      boolean anyHostKeys,
      boolean suffixKeys,
      boolean prefixKeys) {
    this.pool = pool;
    this.hostSlots = hostSlots;
    this.prefixSlots = prefixSlots;
    this.otherHosts = otherHosts;
    this.anyHostKeys = anyHostKeys;
    this.suffixKeys = suffixKeys;
    this.prefixKeys = prefixKeys;
  }

  /** Offers the probe every matcher that could match it, as far as it can still win. */
  void search(RouterProbe probe) {
    if (anyHostKeys) {
      String host = probe.host();
      int end = probe.hostEnd();
      searchHost(EXACT, host, 0, end, probe);
      if (suffixKeys || prefixKeys) {
        for (int dot = host.indexOf('.'); dot >= 0 && dot < end; dot = host.indexOf('.', dot + 1)) {
          if (suffixKeys) {
            searchHost(SUFFIX, host, dot, end, probe);
          }
          if (prefixKeys) {
            searchHost(PREFIX, host, 0, dot + 1, probe);
          }
        }
      }
    }
    searchBucket(otherHosts, probe);
  }

  private void searchHost(int kind, String s, int from, int to, RouterProbe probe) {
    int hash = mix(hash(kind + 1, s, from, to));
    int mask = hostSlots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = hostSlots[i];
      if (slot == 0) {
        return;
      }
      int e = (int) slot - 1;
      if ((int) (slot >>> 32) == hash && pool[e] == kind && keyEquals(e + 1, s, from, to - from)) {
        searchBucket(e + 1 + keyInts(pool[e + 1]), probe);
        return;
      }
    }
  }

  private void searchBucket(int b, RouterProbe probe) {
    if (pool[b] >= probe.best()) {
      return;
    }
    int i = offerList(b + 1, probe);
    int inline = pool[i++];
    String path = probe.path();
    if (inline >= 0) {
      for (int k = 0; k < inline; k++) {
        int length = pool[i];
        if (length <= path.length() && startsWithKey(path, i)) {
          offerList(i + keyInts(length), probe);
        }
        i += keyInts(length);
        i += 1 + pool[i];
      }
      return;
    }
    int bucket = pool[i];
    int lengths = pool[i + 1];
    int hash = bucket + 1;
    int hashed = 0;
    for (int k = i + 2; k < i + 2 + lengths; k++) {
      int length = pool[k];
      if (length > path.length()) {
        return;
      }
      for (; hashed < length; hashed++) {
        hash = 31 * hash + path.charAt(hashed);
      }
      searchPrefix(bucket, mix(hash), path, length, probe);
    }
  }

  private void searchPrefix(int bucket, int hash, String path, int length, RouterProbe probe) {
    int mask = prefixSlots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = prefixSlots[i];
      if (slot == 0) {
        return;
      }
      int e = (int) slot - 1;
      if ((int) (slot >>> 32) == hash && pool[e] == bucket && keyEquals(e + 1, path, 0, length)) {
        offerList(e + 1 + keyInts(length), probe);
        return;
      }
    }
  }

  /** Offers a list's matchers until one cannot beat the best; returns the offset after the list. */
  private int offerList(int at, RouterProbe probe) {
    int end = at + 1 + pool[at];
    for (int i = at + 1; i < end; i++) {
      int code = pool[i];
      if ((code >>> 1) >= probe.best()) {
        break;
      }
      probe.offer(code >>> 1, (code & 1) != 0);
    }
    return end;
  }

  /** Ints a key of this many chars takes: its length, then the chars packed four to an int. */
  private static int keyInts(int length) {
    return 1 + ((length + 3) >>> 2);
  }

  /** Whether a key can be packed: chars that fit a byte (a path's byte view always does). */
  private static boolean isPackable(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code s[from, from + n)}, n at most 4, packed as a key's word (first char in the low byte),
   * unsigned; -1 when a char does not fit a byte, which no word equals.
   */
  private static long word(String s, int from, int n) {
    int w = 0;
    for (int k = 0; k < n; k++) {
      char c = s.charAt(from + k);
      if (c > 0xff) {
        return -1;
      }
      w |= c << (8 * k);
    }
    return w & 0xffffffffL;
  }

  /** Whether the key stored at {@code at} as {@code [length, words...]} is that part of s. */
  private boolean keyEquals(int at, String s, int from, int length) {
    if (pool[at] != length) {
      return false;
    }
    for (int k = 0; k < length; k += 4) {
      if (word(s, from + k, Math.min(4, length - k)) != (pool[at + 1 + (k >>> 2)] & 0xffffffffL)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} starts with the key stored at {@code at}, its last word compared first: a
   * host's prefixes tend to share their start ({@code /api/v1/...}) and differ at the end.
   */
  private boolean startsWithKey(String s, int at) {
    int length = pool[at];
    if (length == 0) {
      return true;
    }
    int last = (length - 1) & ~3;
    return word(s, last, length - last) == (pool[at + 1 + (last >>> 2)] & 0xffffffffL)
        && keyEquals(at, s, 0, length);
  }

  private static int hash(int seed, String s, int from, int to) {
    int h = seed;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  /** Spreads a polynomial hash so that its low bits (the slot) depend on every char. */
  private static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 15);
  }

  private static int hostHash(int kind, String key) {
    return mix(hash(kind + 1, key, 0, key.length()));
  }

  private static long slot(int hash, int offset) {
    return ((long) hash << 32) | (offset + 1L);
  }

  private static long[] slots(int entries) {
    int capacity = 2;
    while (capacity < entries * 2) {
      capacity <<= 1;
    }
    return new long[capacity];
  }

  private static void insert(long[] slots, int hash, int offset) {
    int mask = slots.length - 1;
    int i = hash & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = slot(hash, offset);
  }

  /** Whether a host rule gets a key; the others are listed with the other hosts. */
  private static boolean isIndexable(HostRule rule) {
    return rule.isIndexable() && isPackable(rule.value());
  }

  private record HostKey(int kind, String value) {
    static HostKey of(HostRule rule) {
      int kind =
          switch (rule.kind()) {
            case EXACT -> EXACT;
            case SUFFIX -> SUFFIX;
            case PREFIX -> PREFIX;
          };
      return new HostKey(kind, rule.value());
    }
  }

  private record PrefixEntry(int bucket, String prefix, List<Integer> codes) {}

  /** Builds the index of matchers given in rank order. */
  static RouterIndex build(RouterCandidate[] ranked) {
    Map<HostKey, List<Integer>> byKey = new LinkedHashMap<>();
    List<Integer> others = new ArrayList<>();
    for (int rank = 0; rank < ranked.length; rank++) {
      RouterCandidate c = ranked[rank];
      Set<HostKey> keys = new LinkedHashSet<>();
      boolean needsOther = c.hosts.isEmpty();
      for (HostRule h : c.hosts) {
        if (isIndexable(h)) {
          keys.add(HostKey.of(h));
        } else {
          needsOther = true;
        }
      }
      for (HostKey key : keys) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rank);
      }
      if (needsOther) {
        others.add(rank);
      }
    }
    Builder b = new Builder(ranked);
    int otherHosts = b.bucket(null, others);
    Map<HostKey, Integer> hostEntries = new HashMap<>();
    byKey.forEach(
        (key, ranks) -> {
          hostEntries.put(key, b.pool.size());
          b.pool.add(key.kind());
          b.key(key.value());
          b.bucket(key, ranks);
        });
    long[] hostSlots = slots(hostEntries.size());
    hostEntries.forEach(
        (key, offset) -> insert(hostSlots, hostHash(key.kind(), key.value()), offset));
    long[] prefixSlots = b.prefixSlots();
    return new RouterIndex(
        b.pool.toArray(),
        hostSlots,
        prefixSlots,
        otherHosts,
        !hostEntries.isEmpty(),
        byKey.keySet().stream().anyMatch(k -> k.kind() == SUFFIX),
        byKey.keySet().stream().anyMatch(k -> k.kind() == PREFIX));
  }

  /** Appends buckets and entries to the pool. */
  private static final class Builder {
    private final RouterCandidate[] ranked;
    private final IntBuffer pool = new IntBuffer();
    private final List<PrefixEntry> prefixEntries = new ArrayList<>();
    private int hashedBuckets;

    Builder(RouterCandidate[] ranked) {
      this.ranked = ranked;
    }

    void key(String value) {
      pool.add(value.length());
      for (int k = 0; k < value.length(); k += 4) {
        pool.add((int) word(value, k, Math.min(4, value.length() - k)));
      }
    }

    void list(List<Integer> codes) {
      pool.add(codes.size());
      codes.forEach(pool::add);
    }

    /** Writes a bucket of ranks (ascending) under a host key, or the other-hosts one for null. */
    int bucket(HostKey key, List<Integer> ranks) {
      Map<String, List<Integer>> byPrefix = new LinkedHashMap<>();
      List<Integer> unindexed = new ArrayList<>();
      for (int rank : ranks) {
        RouterCandidate c = ranked[rank];
        boolean proven = c.hostAndPathOnly && hostProven(key, c);
        if (c.prefixes.isEmpty()) {
          unindexed.add(rank << 1 | (proven && !c.isRegexGroup() ? 1 : 0));
          continue;
        }
        for (String p : new LinkedHashSet<>(c.prefixes)) {
          byPrefix.computeIfAbsent(p, k -> new ArrayList<>()).add(rank << 1 | (proven ? 1 : 0));
        }
      }
      int offset = pool.size();
      pool.add(ranks.isEmpty() ? Integer.MAX_VALUE : ranks.get(0));
      list(unindexed);
      if (byPrefix.size() <= INLINE_PREFIXES) {
        pool.add(byPrefix.size());
        byPrefix.forEach(
            (p, codes) -> {
              key(p);
              list(codes);
            });
        return offset;
      }
      int id = hashedBuckets++;
      TreeSet<Integer> lengths = new TreeSet<>();
      byPrefix.forEach(
          (p, codes) -> {
            lengths.add(p.length());
            prefixEntries.add(new PrefixEntry(id, p, codes));
          });
      pool.add(-1);
      pool.add(id);
      pool.add(lengths.size());
      lengths.forEach(pool::add);
      return offset;
    }

    /** Whether finding the key in the request proves the matcher's host rules hold. */
    private static boolean hostProven(HostKey key, RouterCandidate c) {
      if (key == null) {
        return c.hosts.isEmpty();
      }
      return c.hosts.stream()
          .anyMatch(
              h -> h.port() == RouterHost.NO_PORT && isIndexable(h) && HostKey.of(h).equals(key));
    }

    /** Appends the hashed prefix entries and returns their slots. */
    long[] prefixSlots() {
      long[] slots = slots(prefixEntries.size());
      for (PrefixEntry entry : prefixEntries) {
        int offset = pool.size();
        pool.add(entry.bucket());
        key(entry.prefix());
        list(entry.codes());
        int hash = mix(hash(entry.bucket() + 1, entry.prefix(), 0, entry.prefix().length()));
        insert(slots, hash, offset);
      }
      return slots;
    }
  }

  /** A growable int array for building the pool. */
  private static final class IntBuffer {
    private int[] values = new int[64];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
