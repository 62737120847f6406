package io.causeway.store;

/**
 * One page of a list: {@code number} counts from 1, as {@code page[number]} does on the wire.
 *
 * @param number page number, 1 or more
 * @param size rows per page, 1 to {@link #MAX_SIZE}
 */
public record PageRequest(int number, int size) {
  public static final int MAX_SIZE = 1000;

  public PageRequest {
    if (number < 1) {
      throw new IllegalArgumentException("page number: " + number + " (expected: 1 or more)");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "page size: " + size + " (expected: 1-" + MAX_SIZE + ")");
    }
  }

  public static PageRequest of(int number, int size) {
    return new PageRequest(number, size);
  }

  /** The first page of {@code size} rows. */
  public static PageRequest first(int size) {
    return new PageRequest(1, size);
  }

  long offset() {
    return (long) (number - 1) * size;
  }
}
