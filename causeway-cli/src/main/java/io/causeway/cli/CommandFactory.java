package io.causeway.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds commands and mixins for picocli, handing the {@link Environment} to those whose
 * constructor takes one; everything else comes from picocli's default factory.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final Environment environment;

  CommandFactory(Environment environment) {
    this.environment = environment;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Constructor<K> constructor;
    try {
      constructor = type.getDeclaredConstructor(Environment.class);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(type);
    }
    constructor.setAccessible(true);
    return constructor.newInstance(environment);
  }
}
