package io.causeway.cli;

import java.util.List;

/**
 * A client command failed in a way the user can act on: the message is printed as is (no stack
 * trace) and the process exits with {@link #exitCode()}.
 */
class CliException extends RuntimeException {
  static final int API_ERROR = 1;
  static final int USAGE = 2;
  static final int TIMEOUT = 3;

  private final int exitCode;
  private final List<String> lines;

  CliException(int exitCode, List<String> lines) {
    super(String.join(System.lineSeparator(), lines));
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  CliException(int exitCode, String message) {
    this(exitCode, List.of(message));
  }

  static CliException api(String message) {
    return new CliException(API_ERROR, message);
  }

  static CliException usage(String message) {
    return new CliException(USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }

  List<String> lines() {
    return lines;
  }
}
