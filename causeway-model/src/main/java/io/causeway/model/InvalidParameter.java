package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a 400 answer's {@code invalid_parameters}: which field (dotted path, e.g. {@code
 * transit_gateway_attachment_config.tenant_id} or {@code dns_config.1.domain_proxy_list.0}), which
 * contract rule, and a reason that names the value and the expectation ({@code cidr_block:
 * 10.0.0.0/12 (expected: prefix length 16-21 for azure)}).
 *
 * <p>The contract has one item shape per rule family and each forbids other properties; the compact
 * constructor enforces that pairing: {@code min_*} rules carry {@link #minimum()}, {@code max_*}
 * rules carry {@link #maximum()}, {@code enum} carries {@link #choices()}, and no other rule
 * carries any of them. {@link #toJson()} renders the contract's item, so the control plane puts the
 * list under {@code invalid_parameters} as is.
 */
public record InvalidParameter(
    String field,
    Rule rule,
    String reason,
    Optional<Integer> minimum,
    Optional<Integer> maximum,
    List<String> choices) {

  /** Rule names of the contract ({@code InvalidRules} and the min/max/choice item rules). */
  public enum Rule {
    REQUIRED("required"),
    IS_ARRAY("is_array"),
    IS_BOOLEAN("is_boolean"),
    IS_INTEGER("is_integer"),
    IS_NUMBER("is_number"),
    IS_OBJECT("is_object"),
    IS_STRING("is_string"),
    IS_UUID("is_uuid"),
    IS_FQDN("is_fqdn"),
    UNKNOWN_PROPERTY("unknown_property"),
    MISSING_REFERENCE("missing_reference"),
    MATCHES_REGEX("matches_regex"),
    INVALID("invalid"),
    IS_SUPPORTED_NETWORK_AVAILABILITY_ZONE_LIST("is_supported_network_availability_zone_list"),
    IS_SUPPORTED_NETWORK_CIDR_BLOCK("is_supported_network_cidr_block"),
    IS_SUPPORTED_PROVIDER_REGION("is_supported_provider_region"),
    MIN_LENGTH("min_length"),
    MIN_ITEMS("min_items"),
    MIN("min"),
    MAX_LENGTH("max_length"),
    MAX_ITEMS("max_items"),
    MAX("max"),
    ENUM("enum");

    private static final Set<Rule> MINIMUM_RULES = EnumSet.of(MIN_LENGTH, MIN_ITEMS, MIN);
    private static final Set<Rule> MAXIMUM_RULES = EnumSet.of(MAX_LENGTH, MAX_ITEMS, MAX);

    private final String wire;

    Rule(String wire) {
      this.wire = wire;
    }

    /** The contract's spelling, e.g. {@code unknown_property}. */
    public String wire() {
      return wire;
    }

    boolean takesMinimum() {
      return MINIMUM_RULES.contains(this);
    }

    boolean takesMaximum() {
      return MAXIMUM_RULES.contains(this);
    }
  }

  public InvalidParameter {
    requireNonNull(field, "field");
    requireNonNull(rule, "rule");
    requireNonNull(reason, "reason");
    requireNonNull(minimum, "minimum");
    requireNonNull(maximum, "maximum");
    choices = List.copyOf(choices);
    if (minimum.isPresent() != rule.takesMinimum()) {
      throw new IllegalArgumentException("minimum goes with min_* rules only, got " + rule.wire());
    }
    if (maximum.isPresent() != rule.takesMaximum()) {
      throw new IllegalArgumentException("maximum goes with max_* rules only, got " + rule.wire());
    }
    if (choices.isEmpty() == (rule == Rule.ENUM)) {
      throw new IllegalArgumentException("choices go with the enum rule only, got " + rule.wire());
    }
  }

  /** An entry of a rule that carries no extra field (everything but min, max and enum). */
  public static InvalidParameter of(String field, Rule rule, String reason) {
    return new InvalidParameter(field, rule, reason, Optional.empty(), Optional.empty(), List.of());
  }

  /** A {@code min_length}, {@code min_items} or {@code min} entry. */
  public static InvalidParameter minimum(String field, Rule rule, int minimum, String reason) {
    return new InvalidParameter(
        field, rule, reason, Optional.of(minimum), Optional.empty(), List.of());
  }

  /** A {@code max_length}, {@code max_items} or {@code max} entry. */
  public static InvalidParameter maximum(String field, Rule rule, int maximum, String reason) {
    return new InvalidParameter(
        field, rule, reason, Optional.empty(), Optional.of(maximum), List.of());
  }

  /** An {@code enum} entry listing the accepted values. */
  public static InvalidParameter choice(String field, List<String> choices, String reason) {
    return new InvalidParameter(
        field, Rule.ENUM, reason, Optional.empty(), Optional.empty(), choices);
  }

  /**
   * The contract's JSON item: {@code field}, {@code rule}, {@code reason} and, depending on the
   * rule, {@code minimum}, {@code maximum} or {@code choices} — ready for Jackson to write.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("field", field);
    json.put("rule", rule.wire());
    json.put("reason", reason);
    minimum.ifPresent(m -> json.put("minimum", m));
    maximum.ifPresent(m -> json.put("maximum", m));
    if (!choices.isEmpty()) {
      json.put("choices", choices);
    }
    return json;
  }
}
