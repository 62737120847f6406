package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

/**
 * One reason a declarative configuration was refused.
 *
 * @param path where in the document, e.g. {@code services[0].routes[1].paths[0]}; empty for the
 *     document as a whole
 * @param reason what is wrong, naming the value and what was expected
 */
record ConfigProblem(String path, String reason) {
  ConfigProblem {
    requireNonNull(path, "path");
    requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return path.isEmpty() ? reason : path + ": " + reason;
  }
}
