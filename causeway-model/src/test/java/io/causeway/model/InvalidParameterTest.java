package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.InvalidParameter.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvalidParameterTest {

  @Test
  void rendersTheContractsItemShapes() {
    assertThat(InvalidParameter.of("region", Rule.IS_SUPPORTED_PROVIDER_REGION, "r").toJson())
        .containsExactly(
            Map.entry("field", "region"),
            Map.entry("rule", "is_supported_provider_region"),
            Map.entry("reason", "r"));
    assertThat(InvalidParameter.maximum("name", Rule.MAX_LENGTH, 120, "long").toJson())
        .containsEntry("maximum", 120)
        .doesNotContainKeys("minimum", "choices");
    assertThat(InvalidParameter.minimum("name", Rule.MIN_LENGTH, 1, "short").toJson())
        .containsEntry("minimum", 1)
        .doesNotContainKeys("maximum", "choices");
    assertThat(InvalidParameter.choice("state", List.of("a", "b"), "no").toJson())
        .containsEntry("rule", "enum")
        .containsEntry("choices", List.of("a", "b"));
  }

  @Test
  void refusesExtraFieldsThatDoNotGoWithTheRule() {
    assertThatThrownBy(
            () ->
                new InvalidParameter(
                    "f", Rule.INVALID, "r", Optional.of(1), Optional.empty(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidParameter.maximum("f", Rule.MIN_ITEMS, 1, "r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidParameter.choice("f", List.of(), "r"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsOneCopyOfEachProblemInOrder() {
    InvalidParameter a = InvalidParameter.of("a", Rule.REQUIRED, "a");
    InvalidParameter b = InvalidParameter.of("b", Rule.REQUIRED, "b");

    assertThat(Validated.invalid(List.of(b, a, b)).problems()).containsExactly(b, a);
  }

  @Test
  void throwsEveryProblemFromOrElseThrow() {
    InvalidParameter a = InvalidParameter.of("a", Rule.REQUIRED, "a: missing");
    InvalidParameter b = InvalidParameter.of("b", Rule.IS_STRING, "b: 1");

    assertThatThrownBy(() -> Validated.invalid(List.of(a, b)).orElseThrow())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.problems()).containsExactly(a, b))
        .hasMessage("invalid parameters: a: missing; b: 1");
  }

  @Test
  void mapsOnlyValidValues() {
    assertThat(Validated.valid(2).map(x -> x * 2)).isEqualTo(Validated.valid(4));
    InvalidParameter a = InvalidParameter.of("a", Rule.REQUIRED, "a");
    assertThat(Validated.<Integer>invalid(List.of(a)).map(x -> x * 2).problems())
        .containsExactly(a);
  }
}
