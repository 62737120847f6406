package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The data plane's rules for Kong 3.x declarative configuration (with Causeway's {@code
 * _causeway.dns_forwarding}), for other modules: the control plane checks every snapshot with
 * exactly the validator its data planes will run, and computes the hash they will report.
 * Stateless and thread-safe.
 */
public final class KongConfig {
  private KongConfig() {}

  /** One reason a document was refused: a path such as {@code services[0].port} and why. */
  public record Problem(String path, String reason) {
    public Problem {
      requireNonNull(path, "path");
      requireNonNull(reason, "reason");
    }
  }

  /** The outcome of {@link #check}. */
  public sealed interface Check {
    /** The document is valid; a data plane serving it reports {@code configHash}. */
    record Valid(String configHash) implements Check {
      public Valid {
        requireNonNull(configHash, "configHash");
      }
    }

    /** The document is refused for every one of {@code problems} (never empty). */
    record Invalid(List<Problem> problems) implements Check {
      public Invalid {
        problems = List.copyOf(problems);
        if (problems.isEmpty()) {
          throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
      }
    }
  }

  /** Checks a JSON document (a whole declarative configuration). */
  public static Check check(String json) {
    requireNonNull(json, "json");
    try {
      return new Check.Valid(DeclarativeConfig.parse(json, "snapshot.json").hash());
    } catch (ConfigException e) {
      return invalid(e);
    }
  }

  /** Checks a document already read into a Jackson tree (saves re-reading a large snapshot). */
  public static Check check(JsonNode document) {
    requireNonNull(document, "document");
    try {
      return new Check.Valid(new DeclarativeConfigReader().read(document).hash());
    } catch (ConfigException e) {
      return invalid(e);
    }
  }

  private static Check invalid(ConfigException e) {
    return new Check.Invalid(
        e.problems().stream().map(p -> new Problem(p.path(), p.reason())).toList());
  }
}
