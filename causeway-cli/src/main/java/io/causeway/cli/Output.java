package io.causeway.cli;

/** How a client command prints what the API answered. */
enum Output {
  /** Aligned columns for lists, {@code field: value} lines for one entity. */
  TABLE,
  JSON,
  YAML;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
