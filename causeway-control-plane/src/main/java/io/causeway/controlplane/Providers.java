package io.causeway.controlplane;

import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds provider factories with {@link ServiceLoader} and picks the one the operator asked for. */
final class Providers {
  private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

  /** The provider in use, its name, and why it was chosen (for {@code auto}). */
  record Chosen(String name, NetworkProvider provider, String why) {}

  private Providers() {}

  /** Every factory on the class path by name; two with one name is a packaging error. */
  static Map<String, NetworkProviderFactory> discover(ClassLoader loader) {
    Map<String, NetworkProviderFactory> byName = new TreeMap<>();
    for (NetworkProviderFactory factory :
        ServiceLoader.load(NetworkProviderFactory.class, loader)) {
      NetworkProviderFactory previous = byName.putIfAbsent(factory.name(), factory);
      if (previous != null) {
        throw new IllegalStateException(
            "provider "
                + factory.name()
                + " is offered twice: by "
                + previous.getClass().getName()
                + " and "
                + factory.getClass().getName()
                + " (expected: one factory per name)");
      }
    }
    LOG.info("Network providers found: {}", byName.keySet());
    return byName;
  }

  static Chosen choose(
      String requested, Map<String, NetworkProviderFactory> factories, ProviderSettings settings) {
    if (requested.equals("auto")) {
      return auto(factories, settings);
    }
    NetworkProviderFactory factory = factories.get(requested);
    if (factory == null) {
      throw new IllegalArgumentException(
          "provider: "
              + requested
              + " (expected: one of "
              + factories.keySet()
              + "; the "
              + requested
              + " provider is not on the class path)");
    }
    return switch (factory.create(settings)) {
      case Availability.Available a -> new Chosen(requested, a.provider(), "requested");
      case Availability.Unavailable u ->
          throw new IllegalStateException(
              "provider " + requested + " cannot run here: " + u.reason());
    };
  }

  private static Chosen auto(
      Map<String, NetworkProviderFactory> factories, ProviderSettings settings) {
    String why;
    NetworkProviderFactory local = factories.get("local");
    if (local == null) {
      why = "the local provider is not installed";
    } else {
      Availability availability;
      try {
        availability = local.create(settings);
      } catch (RuntimeException e) {
        // auto must still start: a broken probe means "not here", said precisely.
        availability = new Availability.Unavailable("its probe failed: " + e);
      }
      switch (availability) {
        case Availability.Available a -> {
          return new Chosen("local", a.provider(), "auto: the local provider can run here");
        }
        case Availability.Unavailable u -> why = "the local provider cannot run here: " + u.reason();
      }
    }
    Chosen simulated = choose("simulated", factories, settings);
    return new Chosen("simulated", simulated.provider(), "auto: " + why);
  }
}
