package io.causeway.model;

import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Azure's naming rules for the fields of an {@code azure-vnet-peering-attachment} (and of local
 * customer VNETs, which are named the same way). Each check returns the problems of one value at
 * one field path; an empty list means the value is valid.
 *
 * <ul>
 *   <li>tenant and subscription ids: GUIDs ({@code 8-4-4-4-12} hex digits); stored lower case;
 *   <li>resource group: 1 to 90 letters (any script), digits, {@code _ - . ( )}, not ending in
 *       {@code .};
 *   <li>virtual network: 2 to 64 ASCII letters, digits, {@code _ - .}, starting with a letter or
 *       digit, ending with a letter, digit or {@code _}.
 * </ul>
 */
public final class AzureNames {
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern VNET_NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?");

  private AzureNames() {}

  /** True for a GUID such as {@code a1b2c3d4-e5f6-7890-abcd-ef1234567890}, in either case. */
  public static boolean isGuid(String value) {
    return GUID.matcher(value).matches();
  }

  /** The canonical (lower-case) form of a GUID: Azure compares them case-insensitively. */
  public static String canonicalGuid(String guid) {
    return guid.toLowerCase(Locale.ROOT);
  }

  /** An Entra tenant id or an Azure subscription id: a GUID. */
  public static List<InvalidParameter> guid(String field, String value) {
    if (isGuid(value)) {
      return List.of();
    }
    return List.of(
        InvalidParameter.of(
            field,
            Rule.IS_UUID,
            Problems.reason(
                field,
                Problems.show(value),
                "a GUID such as a1b2c3d4-e5f6-7890-abcd-ef1234567890")));
  }

  public static List<InvalidParameter> resourceGroupName(String field, String value) {
    List<InvalidParameter> problems = new ArrayList<>();
    int length = value.codePointCount(0, value.length());
    if (length < 1) {
      problems.add(
          InvalidParameter.minimum(
              field, Rule.MIN_LENGTH, 1, field + " must have at least 1 character"));
      return problems;
    }
    if (length > Limits.RESOURCE_GROUP_NAME_MAX_LENGTH) {
      problems.add(
          InvalidParameter.maximum(
              field,
              Rule.MAX_LENGTH,
              Limits.RESOURCE_GROUP_NAME_MAX_LENGTH,
              Problems.reason(
                  field,
                  Problems.show(value),
                  "at most " + Limits.RESOURCE_GROUP_NAME_MAX_LENGTH + " characters")));
    }
    if (!value.codePoints().allMatch(AzureNames::isResourceGroupCharacter)) {
      problems.add(
          InvalidParameter.of(
              field,
              Rule.MATCHES_REGEX,
              Problems.reason(
                  field,
                  Problems.show(value),
                  "only letters, digits, underscores, hyphens, periods and parentheses")));
    } else if (value.endsWith(".")) {
      problems.add(
          InvalidParameter.of(
              field,
              Rule.MATCHES_REGEX,
              Problems.reason(
                  field, Problems.show(value), "a name that does not end with a period")));
    }
    return problems;
  }

  public static List<InvalidParameter> vnetName(String field, String value) {
    List<InvalidParameter> problems = new ArrayList<>();
    int length = value.codePointCount(0, value.length());
    if (length < Limits.VNET_NAME_MIN_LENGTH) {
      problems.add(
          InvalidParameter.minimum(
              field,
              Rule.MIN_LENGTH,
              Limits.VNET_NAME_MIN_LENGTH,
              Problems.reason(
                  field,
                  Problems.show(value),
                  "at least " + Limits.VNET_NAME_MIN_LENGTH + " characters")));
    } else if (length > Limits.VNET_NAME_MAX_LENGTH) {
      problems.add(
          InvalidParameter.maximum(
              field,
              Rule.MAX_LENGTH,
              Limits.VNET_NAME_MAX_LENGTH,
              Problems.reason(
                  field,
                  Problems.show(value),
                  "at most " + Limits.VNET_NAME_MAX_LENGTH + " characters")));
    }
    if (length > 0 && !VNET_NAME.matcher(value).matches()) {
      problems.add(
          InvalidParameter.of(
              field,
              Rule.MATCHES_REGEX,
              Problems.reason(
                  field,
                  Problems.show(value),
                  "letters, digits, underscores, periods and hyphens, starting with a letter or"
                      + " digit and ending with a letter, digit or underscore")));
    }
    return problems;
  }

  // Azure allows what .NET's Char.IsLetterOrDigit accepts: letters of any script and decimal
  // digits; Character.isLetterOrDigit covers the same categories (L* and Nd).
  private static boolean isResourceGroupCharacter(int c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '(' || c == ')';
  }
}
