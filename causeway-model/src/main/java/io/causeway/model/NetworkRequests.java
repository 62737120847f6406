package io.causeway.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decodes and validates the bodies of {@code POST} and {@code PATCH
 * /v2/cloud-gateways/networks[/{id}]} ({@code CreateNetworkRequest}, {@code PatchNetworkRequest}).
 * Every problem is reported, each at its exact field path; nothing is stored by this class.
 */
public final class NetworkRequests {
  static final String NAME = "name";
  static final String ACCOUNT = "cloud_gateway_provider_account_id";
  static final String REGION = "region";
  static final String ZONES = "availability_zones";
  static final String CIDR = "cidr_block";
  static final String STATE = "state";
  private static final Set<String> CREATE_FIELDS =
      Set.of(NAME, ACCOUNT, REGION, ZONES, CIDR, STATE);
  private static final List<String> INITIAL_STATES =
      List.of(NetworkState.INITIALIZING.wire(), NetworkState.OFFLINE.wire());

  /** A valid create request: the spec, and {@code initializing} (default) or {@code offline}. */
  public record NetworkCreate(NetworkSpec spec, NetworkState initialState) {
    public NetworkCreate {
      requireNonNull(spec, "spec");
      requireNonNull(initialState, "initialState");
    }
  }

  /** A valid patch: the new name, if one was given (an empty body changes nothing). */
  public record NetworkPatch(Optional<String> name) {
    public NetworkPatch {
      requireNonNull(name, "name");
    }

    public NetworkSpec applyTo(NetworkSpec spec) {
      return name.map(spec::withName).orElse(spec);
    }
  }

  private NetworkRequests() {}

  /**
   * Decodes a {@code CreateNetworkRequest}; the account, region and zones are checked against
   * {@code catalog}, the CIDR block against the account's provider ({@link CidrRules}).
   */
  public static Validated<NetworkCreate> create(JsonNode body, Catalog catalog) {
    requireNonNull(body, "body");
    requireNonNull(catalog, "catalog");
    Problems problems = new Problems();
    Optional<Fields> maybeFields = Fields.object(body, "", problems);
    if (maybeFields.isEmpty()) {
      return Validated.invalid(problems.list());
    }
    Fields fields = maybeFields.get();
    fields.rejectUnknown(CREATE_FIELDS, "only " + String.join(", ", sorted(CREATE_FIELDS)));
    Optional<String> name = name(fields, true, problems);
    Optional<Catalog.Offer> offer = account(fields, catalog, problems);
    Optional<ProviderRegion> region = region(fields, offer, problems);
    Optional<List<String>> zones = zones(fields, region, problems);
    String provider = offer.map(o -> o.account().provider()).orElse("azure");
    int zoneCount = zones.map(List::size).orElse(0);
    Optional<String> cidr =
        fields
            .requiredString(CIDR)
            .filter(c -> record(problems, CidrRules.check(CIDR, c, provider, zoneCount)))
            .map(CidrRules::canonical);
    NetworkState state = initialState(fields, problems);
    return problems.result(
        () ->
            new NetworkCreate(
                new NetworkSpec(
                    name.orElseThrow(),
                    offer.orElseThrow().account().id(),
                    region.orElseThrow().name(),
                    zones.orElseThrow(),
                    cidr.orElseThrow()),
                state));
  }

  /**
   * Only {@code name} may change; the other fields of a network are immutable and are refused with
   * a reason that says so (the contract's {@code PatchNetworkRequest} has only {@code name}).
   */
  public static Validated<NetworkPatch> patch(JsonNode body) {
    requireNonNull(body, "body");
    Problems problems = new Problems();
    Optional<Fields> maybeFields = Fields.object(body, "", problems);
    if (maybeFields.isEmpty()) {
      return Validated.invalid(problems.list());
    }
    Fields fields = maybeFields.get();
    for (String field : fields.names()) {
      if (CREATE_FIELDS.contains(field) && !field.equals(NAME)) {
        problems.add(
            field,
            Rule.UNKNOWN_PROPERTY,
            Problems.reason(field, "cannot be changed after creation", "only name"));
      }
    }
    fields.rejectUnknown(CREATE_FIELDS, "only name");
    Optional<String> name = name(fields, false, problems);
    return problems.result(() -> new NetworkPatch(name));
  }

  static Optional<String> name(Fields fields, boolean required, Problems problems) {
    Optional<String> name = required ? fields.requiredString(NAME) : fields.optionalString(NAME);
    return name.filter(n -> record(problems, Names.check(NAME, n)));
  }

  private static Optional<Catalog.Offer> account(
      Fields fields, Catalog catalog, Problems problems) {
    Optional<String> text = fields.requiredString(ACCOUNT);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!AzureNames.isGuid(text.get())) {
      problems.add(
          ACCOUNT,
          Rule.IS_UUID,
          Problems.reason(ACCOUNT, Problems.show(text.get()), "a provider account id (UUID)"));
      return Optional.empty();
    }
    Optional<Catalog.Offer> offer = catalog.offer(UUID.fromString(text.get()));
    if (offer.isEmpty()) {
      List<String> ids = catalog.offers().stream().map(o -> o.account().id().toString()).toList();
      problems.add(
          ACCOUNT,
          Rule.MISSING_REFERENCE,
          Problems.reason(
              ACCOUNT,
              text.get(),
              ids.isEmpty()
                  ? "a configured provider account, but none is configured"
                  : "one of the provider accounts " + String.join(", ", ids)));
    }
    return offer;
  }

  private static Optional<ProviderRegion> region(
      Fields fields, Optional<Catalog.Offer> offer, Problems problems) {
    Optional<String> name = fields.requiredString(REGION);
    if (name.isEmpty() || offer.isEmpty()) {
      return Optional.empty();
    }
    Optional<ProviderRegion> region = offer.get().region(name.get());
    if (region.isEmpty()) {
      List<String> names = offer.get().regions().stream().map(ProviderRegion::name).toList();
      problems.add(
          REGION,
          Rule.IS_SUPPORTED_PROVIDER_REGION,
          Problems.reason(
              REGION,
              Problems.show(name.get()),
              "one of the regions of provider account %s: %s"
                  .formatted(offer.get().account().id(), String.join(", ", names))));
    }
    return region;
  }

  private static Optional<List<String>> zones(
      Fields fields, Optional<ProviderRegion> region, Problems problems) {
    int before = problems.size();
    Optional<List<String>> zones =
        fields.requiredArray(ZONES).flatMap(a -> Fields.strings(a, ZONES, problems));
    if (zones.isEmpty()) {
      return Optional.empty();
    }
    List<String> given = zones.get();
    if (given.isEmpty()) {
      problems.add(
          InvalidParameter.minimum(
              ZONES, Rule.MIN_ITEMS, 1, Problems.reason(ZONES, "[]", "at least 1 zone")));
    } else if (given.size() > Limits.AVAILABILITY_ZONES_MAX) {
      problems.add(
          InvalidParameter.maximum(
              ZONES,
              Rule.MAX_ITEMS,
              Limits.AVAILABILITY_ZONES_MAX,
              Problems.reason(
                  ZONES,
                  given.size() + " zones",
                  "at most " + Limits.AVAILABILITY_ZONES_MAX + " zones")));
    }
    region.ifPresent(r -> zonesOfRegion(given, r, problems));
    return problems.size() == before ? Optional.of(given) : Optional.empty();
  }

  private static void zonesOfRegion(List<String> zones, ProviderRegion region, Problems problems) {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      String field = Fields.child(ZONES, i);
      String zone = zones.get(i);
      String expectation;
      if (!region.availabilityZones().contains(zone)) {
        expectation =
            "one of the zones of region %s: %s"
                .formatted(region.name(), String.join(", ", region.availabilityZones()));
      } else if (seen.contains(zone)) {
        expectation = "each zone once; already at " + Fields.child(ZONES, seen.indexOf(zone));
      } else {
        seen.add(zone);
        continue;
      }
      seen.add(zone);
      problems.add(
          field,
          Rule.IS_SUPPORTED_NETWORK_AVAILABILITY_ZONE_LIST,
          Problems.reason(field, Problems.show(zone), expectation));
    }
  }

  private static NetworkState initialState(Fields fields, Problems problems) {
    Optional<String> state = fields.optionalString(STATE);
    if (state.isEmpty() || INITIAL_STATES.contains(state.get())) {
      return state.flatMap(NetworkState::fromWire).orElse(NetworkState.INITIALIZING);
    }
    problems.add(
        InvalidParameter.choice(
            STATE,
            INITIAL_STATES,
            Problems.reason(STATE, Problems.show(state.get()), "initializing or offline")));
    return NetworkState.INITIALIZING;
  }

  /** Adds {@code found} to {@code problems}; true when there were none. */
  static boolean record(Problems problems, List<InvalidParameter> found) {
    problems.addAll(found);
    return found.isEmpty();
  }

  static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
