package io.causeway.gateway;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Choosing among SRV records the way Kong's balancer does: lowest priority, weighted turns. */
final class ForwardingSrv {

  private ForwardingSrv() {}

  /**
   * The record for the next connection. Only the lowest priority is used; within it, a record of
   * weight w gets w turns out of the group's total, in a fixed order (no randomness). A group
   * whose weights are all 0 is shared equally (RFC 2782 leaves that case to the client).
   *
   * @param sorted records sorted by priority, at least one
   */
  static DnsAnswer.SrvRecord pick(List<DnsAnswer.SrvRecord> sorted, AtomicInteger rotation) {
    int best = sorted.get(0).priority();
    int size = 0;
    int total = 0;
    while (size < sorted.size() && sorted.get(size).priority() == best) {
      total += sorted.get(size).weight();
      size++;
    }
    if (size == 1) {
      return sorted.get(0);
    }
    if (total == 0) {
      return sorted.get(Math.floorMod(rotation.getAndIncrement(), size));
    }
    int turn = Math.floorMod(rotation.getAndIncrement(), total);
    for (int i = 0; i < size; i++) {
      turn -= sorted.get(i).weight();
      if (turn < 0) {
        return sorted.get(i);
      }
    }
    return sorted.get(0);
  }
}
