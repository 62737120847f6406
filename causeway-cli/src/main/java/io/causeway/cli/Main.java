package io.causeway.cli;

/** Entry point of the {@code causeway} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("causeway");
  }
}
