package io.causeway.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks a target of one upstream. Kong's three algorithms: a shuffled weighted wheel
 * (round-robin), a hash ring of {@code slots} positions with 160 points per target scaled by
 * weight (consistent hashing), and fewest {@code (active + 1) / weight} (least-connections).
 * Unhealthy targets stay in the wheel and the ring and are skipped, so hashing stays stable.
 * Thread-safe.
 */
sealed interface Balancer {

  /** A healthy, enabled target not in {@code exclude}; empty when none is left. */
  Optional<TargetHealth> pick(Optional<String> hashKey, Set<TargetHealth> exclude);

  static Balancer of(UpstreamDef.Algorithm algorithm, List<TargetHealth> targets, int slots, long seed) {
    List<TargetHealth> enabled = targets.stream().filter(t -> t.def().isEnabled()).toList();
    return switch (algorithm) {
      case ROUND_ROBIN -> RoundRobin.of(enabled, seed);
      case CONSISTENT_HASHING -> ConsistentHashing.of(enabled, slots);
      case LEAST_CONNECTIONS -> new LeastConnections(enabled);
    };
  }

  private static boolean usable(TargetHealth t, Set<TargetHealth> exclude) {
    return t.isHealthy() && !exclude.contains(t);
  }

  /** Weighted round-robin over a wheel shuffled with a seed, so runs are reproducible. */
  record RoundRobin(List<TargetHealth> wheel, AtomicLong next) implements Balancer {
    static RoundRobin of(List<TargetHealth> targets, long seed) {
      int gcd = targets.stream().mapToInt(t -> t.def().weight()).reduce(0, RoundRobin::gcd);
      List<TargetHealth> wheel = new ArrayList<>();
      for (TargetHealth t : targets) {
        for (int i = 0; i < t.def().weight() / Math.max(1, gcd); i++) {
          wheel.add(t);
        }
      }
      java.util.Collections.shuffle(wheel, new Random(seed));
      return new RoundRobin(List.copyOf(wheel), new AtomicLong());
    }

    private static int gcd(int a, int b) {
      return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public Optional<TargetHealth> pick(Optional<String> hashKey, Set<TargetHealth> exclude) {
      int n = wheel.size();
      if (n == 0) {
        return Optional.empty();
      }
      long start = next.getAndIncrement();
      for (int i = 0; i < n; i++) {
        TargetHealth t = wheel.get((int) Math.floorMod(start + i, (long) n));
        if (usable(t, exclude)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** A ring of hash points; a key goes to the first point at or after its hash. */
  record ConsistentHashing(TreeMap<Integer, TargetHealth> ring, int slots, AtomicLong fallback)
      implements Balancer {
    static final int POINTS_PER_TARGET = 160;

    static ConsistentHashing of(List<TargetHealth> targets, int slots) {
      TreeMap<Integer, TargetHealth> ring = new TreeMap<>();
      long total = targets.stream().mapToLong(t -> t.def().weight()).sum();
      for (TargetHealth t : targets) {
        long points = total == 0 ? 0 : t.def().weight() * targets.size() * POINTS_PER_TARGET / total;
        for (int i = 0; i < Math.max(1, points); i++) {
          ring.putIfAbsent(hash(t.def().target() + " " + i) % slots, t);
        }
      }
      return new ConsistentHashing(ring, slots, new AtomicLong());
    }

    @Override
    public Optional<TargetHealth> pick(Optional<String> hashKey, Set<TargetHealth> exclude) {
      if (ring.isEmpty()) {
        return Optional.empty();
      }
      // Without a key (Kong's hash_on none, or an absent header) requests spread round-robin.
      int start =
          hashKey.map(k -> hash(k) % slots).orElseGet(() -> (int) (fallback.getAndIncrement() % slots));
      for (Map.Entry<Integer, TargetHealth> e : ring.tailMap(start, true).entrySet()) {
        if (usable(e.getValue(), exclude)) {
          return Optional.of(e.getValue());
        }
      }
      for (Map.Entry<Integer, TargetHealth> e : ring.headMap(start, false).entrySet()) {
        if (usable(e.getValue(), exclude)) {
          return Optional.of(e.getValue());
        }
      }
      return Optional.empty();
    }

    /** FNV-1a with a final avalanche; stable across processes, unlike String.hashCode mixing. */
    static int hash(String key) {
      int h = 0x811c9dc5;
      for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
        h ^= b & 0xff;
        h *= 0x01000193;
      }
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      return h & 0x7fffffff;
    }
  }

  /** Fewest active connections relative to weight; ties go to the earlier target. */
  record LeastConnections(List<TargetHealth> targets) implements Balancer {
    @Override
    public Optional<TargetHealth> pick(Optional<String> hashKey, Set<TargetHealth> exclude) {
      TargetHealth best = null;
      double bestScore = Double.MAX_VALUE;
      for (TargetHealth t : targets) {
        if (!usable(t, exclude)) {
          continue;
        }
        double score = (t.active() + 1.0) / t.def().weight();
        if (score < bestScore) {
          best = t;
          bestScore = score;
        }
      }
      return Optional.ofNullable(best);
    }
  }
}
