package io.causeway.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Decodes and validates the body of {@code PUT /v2/cloud-gateways/configurations} ({@code
 * CreateConfigurationRequest}). Every problem is reported at its exact field path ({@code
 * dataplane_groups.0.autoscale.base_rps}); whether the control plane and the networks exist is
 * for the caller, which has the store.
 */
public final class ConfigurationRequests {
  /** The contract's {@code ControlPlaneGeo} values. */
  public static final List<String> GEOS = List.of("us", "eu", "au", "me", "in", "sg");

  /** The contract's {@code ApiAccess} values; the first is the default. */
  public static final List<String> API_ACCESS = List.of("private+public", "private", "public");

  /** Causeway runs dedicated gateways only: {@code serverless.v1} is refused by name. */
  public static final String KIND = "dedicated.v0";

  private static final Set<String> FIELDS =
      Set.of("control_plane_id", "control_plane_geo", "version", "dataplane_groups", "kind",
          "api_access");
  private static final Set<String> GROUP_FIELDS =
      Set.of("provider", "region", "cloud_gateway_network_id", "autoscale", "environment");
  private static final List<String> INSTANCE_TYPES = List.of("small", "medium", "large");
  private static final Pattern ENV_NAME = Pattern.compile("(KONG|OTEL)_[a-zA-Z_]+[a-zA-Z0-9_]*");
  private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+(\\.[0-9]+)?");

  /** How a group scales: the contract's two strategies. */
  public sealed interface Autoscale {
    /** {@code {kind: static, instance_type, requested_instances}} (deprecated in the contract). */
    record Static(String instanceType, int requestedInstances) implements Autoscale {
      public Static {
        requireNonNull(instanceType, "instanceType");
      }
    }

    /** {@code {kind: autopilot, base_rps[, max_rps]}}. */
    record Autopilot(int baseRps, Optional<Integer> maxRps) implements Autoscale {
      public Autopilot {
        requireNonNull(maxRps, "maxRps");
      }
    }
  }

  /** One environment variable of a group. */
  public record EnvironmentVariable(String name, String value) {
    public EnvironmentVariable {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }
  }

  /** One requested data-plane group. */
  public record GroupSpec(
      String provider,
      String region,
      UUID networkId,
      Autoscale autoscale,
      List<EnvironmentVariable> environment) {
    public GroupSpec {
      requireNonNull(provider, "provider");
      requireNonNull(region, "region");
      requireNonNull(networkId, "networkId");
      requireNonNull(autoscale, "autoscale");
      environment = List.copyOf(environment);
    }
  }

  /** A valid request. */
  public record ConfigurationCreate(
      UUID controlPlaneId,
      String controlPlaneGeo,
      String version,
      String apiAccess,
      List<GroupSpec> groups) {
    public ConfigurationCreate {
      requireNonNull(controlPlaneId, "controlPlaneId");
      requireNonNull(controlPlaneGeo, "controlPlaneGeo");
      requireNonNull(version, "version");
      requireNonNull(apiAccess, "apiAccess");
      groups = List.copyOf(groups);
    }
  }

  private ConfigurationRequests() {}

  public static Validated<ConfigurationCreate> create(JsonNode body) {
    requireNonNull(body, "body");
    Problems problems = new Problems();
    Optional<Fields> maybeFields = Fields.object(body, "", problems);
    if (maybeFields.isEmpty()) {
      return Validated.invalid(problems.list());
    }
    Fields fields = maybeFields.get();
    fields.rejectUnknown(FIELDS, "only " + String.join(", ", FIELDS.stream().sorted().toList()));
    Optional<UUID> cp = uuid(fields, "control_plane_id", problems);
    Optional<String> geo = choice(fields, "control_plane_geo", GEOS, true, problems);
    choice(fields, "kind", List.of(KIND), false, problems);
    Optional<String> access = choice(fields, "api_access", API_ACCESS, false, problems);
    Optional<String> version =
        fields.requiredString("version").filter(v -> matches(v, "version", VERSION,
            "a gateway version such as 3.10", problems));
    List<GroupSpec> groups = new ArrayList<>();
    fields.requiredArray("dataplane_groups").ifPresent(array -> {
      for (int i = 0; i < array.size(); i++) {
        group(array.get(i), Fields.child("dataplane_groups", i), problems).ifPresent(groups::add);
      }
    });
    return problems.result(() -> new ConfigurationCreate(cp.orElseThrow(), geo.orElseThrow(),
        version.orElseThrow(), access.orElse(API_ACCESS.getFirst()), groups));
  }

  private static Optional<GroupSpec> group(JsonNode node, String path, Problems problems) {
    Optional<Fields> maybe = Fields.object(node, path, problems);
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Fields f = maybe.get();
    int before = problems.size();
    f.rejectUnknown(GROUP_FIELDS,
        "only " + String.join(", ", GROUP_FIELDS.stream().sorted().toList()));
    Optional<String> provider = f.requiredString("provider").filter(p -> nonBlank(p,
        f.path("provider"), problems));
    Optional<String> region = f.requiredString("region").filter(r -> nonBlank(r,
        f.path("region"), problems));
    Optional<UUID> network = uuid(f, "cloud_gateway_network_id", problems);
    Optional<Autoscale> autoscale =
        f.requiredObject("autoscale").flatMap(a -> autoscale(a, problems));
    List<EnvironmentVariable> environment = new ArrayList<>();
    f.optionalArray("environment").ifPresent(a -> environment(a, f.path("environment"),
        environment, problems));
    if (problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(new GroupSpec(provider.orElseThrow(), region.orElseThrow(),
        network.orElseThrow(), autoscale.orElseThrow(), environment));
  }

  private static Optional<Autoscale> autoscale(Fields f, Problems problems) {
    Optional<String> kind = choice(f, "kind", List.of("autopilot", "static"), true, problems);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    if (kind.get().equals("static")) {
      f.rejectUnknown(Set.of("kind", "instance_type", "requested_instances"),
          "only kind, instance_type, requested_instances");
      Optional<String> type = choice(f, "instance_type", INSTANCE_TYPES, true, problems);
      Optional<Integer> count = integer(f, "requested_instances", true, problems);
      return type.isPresent() && count.isPresent()
          ? Optional.of(new Autoscale.Static(type.get(), count.get()))
          : Optional.empty();
    }
    f.rejectUnknown(Set.of("kind", "base_rps", "max_rps"), "only kind, base_rps, max_rps");
    Optional<Integer> base = integer(f, "base_rps", true, problems);
    Optional<Integer> max = integer(f, "max_rps", false, problems);
    return base.map(b -> new Autoscale.Autopilot(b, max));
  }

  private static void environment(ArrayNode array, String path,
      List<EnvironmentVariable> into, Problems problems) {
    for (int i = 0; i < array.size(); i++) {
      Optional<Fields> maybe = Fields.object(array.get(i), Fields.child(path, i), problems);
      if (maybe.isEmpty()) {
        continue;
      }
      Fields f = maybe.get();
      f.rejectUnknown(Set.of("name", "value"), "only name, value");
      Optional<String> name = f.requiredString("name").filter(n -> length(n, f.path("name"), 6,
          120, problems) && matches(n, f.path("name"), ENV_NAME,
          "KONG_ or OTEL_ followed by letters, digits and underscores", problems));
      Optional<String> value =
          f.requiredString("value").filter(v -> length(v, f.path("value"), 1, 2048, problems));
      if (name.isPresent() && value.isPresent()) {
        into.add(new EnvironmentVariable(name.get(), value.get()));
      }
    }
  }

  private static Optional<UUID> uuid(Fields f, String name, Problems problems) {
    return f.requiredString(name).flatMap(text -> {
      if (AzureNames.isGuid(text)) {
        return Optional.of(UUID.fromString(text));
      }
      problems.add(f.path(name), Rule.IS_UUID,
          Problems.reason(f.path(name), Problems.show(text), "a UUID"));
      return Optional.empty();
    });
  }

  private static Optional<String> choice(
      Fields f, String name, List<String> choices, boolean required, Problems problems) {
    Optional<String> text = required ? f.requiredString(name) : f.optionalString(name);
    if (text.isEmpty() || choices.contains(text.get())) {
      return text;
    }
    String path = f.path(name);
    problems.add(InvalidParameter.choice(path, choices,
        path + " must be one of the following values: " + String.join(", ", choices)));
    return Optional.empty();
  }

  private static Optional<Integer> integer(
      Fields f, String name, boolean required, Problems problems) {
    Optional<JsonNode> value =
        required ? f.required(name, "an integer") : f.optional(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String path = f.path(name);
    if (!value.get().canConvertToInt() || !value.get().isIntegralNumber()) {
      problems.add(path, Rule.IS_INTEGER, path + " must be an integer number");
      return Optional.empty();
    }
    int n = value.get().intValue();
    if (n < 1) {
      problems.add(InvalidParameter.minimum(path, Rule.MIN, 1,
          Problems.reason(path, String.valueOf(n), "1 or more")));
      return Optional.empty();
    }
    return Optional.of(n);
  }

  private static boolean nonBlank(String value, String path, Problems problems) {
    if (!value.isBlank()) {
      return true;
    }
    problems.add(InvalidParameter.minimum(path, Rule.MIN_LENGTH, 1,
        Problems.reason(path, "\"\"", "a non-empty string")));
    return false;
  }

  private static boolean length(String value, String path, int min, int max, Problems problems) {
    if (value.length() < min) {
      problems.add(InvalidParameter.minimum(path, Rule.MIN_LENGTH, min,
          path + " must be longer than or equal to " + min + " characters"));
      return false;
    }
    if (value.length() > max) {
      problems.add(InvalidParameter.maximum(path, Rule.MAX_LENGTH, max,
          path + " must be shorter than or equal to " + max + " characters"));
      return false;
    }
    return true;
  }

  private static boolean matches(
      String value, String path, Pattern pattern, String expectation, Problems problems) {
    if (pattern.matcher(value).matches()) {
      return true;
    }
    problems.add(path, Rule.MATCHES_REGEX,
        Problems.reason(path, Problems.show(value), expectation));
    return false;
  }
}
