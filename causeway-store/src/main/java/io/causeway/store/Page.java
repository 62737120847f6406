package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rows of one page, oldest first (by {@code created_at}, then id), and how many rows match the
 * filters in all.
 */
public record Page<T>(List<T> items, long total, PageRequest request) {
  public Page {
    items = List.copyOf(items);
    requireNonNull(request, "request");
    if (total < items.size()) {
      throw new IllegalArgumentException("total: " + total + " < items: " + items.size());
    }
  }
}
