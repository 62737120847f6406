package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kong's URI normalisation and escaping (the cases of its uri spec), plus host parsing. */
class RouterPathTest {

  private static String normalize(String raw) {
    return RouterPath.toText(RouterPath.normalize(raw));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/|/",
        "/a|/a",
        "/a/|/a/",
        "/a/b/c/|/a/b/c/",
        "/a%2Fb%2Fc/|/a%2Fb%2Fc/",
        "/a%2fb%2fc/|/a%2Fb%2Fc/",
        "/f%6f%6f|/foo",
        "/%6B%6f%6e%67|/kong",
        "/%2E|/",
        "/./|/",
        "/.|/",
        "/..|/",
        "/../|/",
        "/./.././../|/",
        "/a/b/c/./../../g|/a/g",
        "mid/content=5/../6|mid/6",
        "//|/",
        "/////|/",
        "/a//b//|/a/b/",
        "/endel%C3%B8st|/endel\u00f8st",
        "/%20%21%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D|/"
            + " %21%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D",
      })
  void normalizesAsKongDoes(String raw, String expected) {
    assertThat(normalize(raw)).isEqualTo(expected);
  }

  @Test
  void normalizesAComplexPathByteForByte() {
    String normalized =
        RouterPath.normalize("/%C3%A4/a/%2e./a%2E//a/%2e/./a/../a/%2e%2E/%5f%99%af%2f%2F");
    assertThat(normalized).isEqualTo("/\u00c3\u00a4/a./a/_\u0099\u00af%2F%2F");
    assertThat(RouterPath.escape(normalized)).isEqualTo("/%C3%A4/a./a/_%99%AF%2F%2F");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/a/.b|/a/.b",
        "/a/..b|/a/..b",
        "/a/b.|/a/b.",
        "/a/b..|/a/b..",
        "/a/.|/a/",
        "/a/..|/",
        "/a/./b|/a/b",
        "/a/../b|/b",
        "/a//b|/a/b",
        "/a/|/a/",
        "/1k.txt|/1k.txt",
      })
  void tellsDotSegmentsFromDotsInsideASegment(String raw, String expected) {
    assertThat(RouterPath.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void returnsAPathThatIsAlreadyNormalAsTheSameString() {
    String path = "/api/r1234/1k.txt";

    assertThat(RouterPath.normalize(path)).isSameAs(path);
  }

  @Test
  void escapesEverythingButUnreservedAndReservedCharacters() {
    assertThat(RouterPath.escape("/a-b_c.d~e/!$&'()*+,;=:@[]?#%"))
        .isEqualTo("/a-b_c.d~e/!$&'()*+,;=:@[]?#%");
    assertThat(RouterPath.escape("/a b\"<>^`{|}\u007f\u00e9"))
        .isEqualTo("/a%20b%22%3C%3E%5E%60%7B%7C%7D%7F%E9");
  }

  @Test
  void leavesAnEmptyPathEmptyAndBrokenTripletsAsTheyAre() {
    assertThat(RouterPath.normalize("")).isEmpty();
    assertThat(RouterPath.normalize("/a%zz%4")).isEqualTo("/a%zz%4");
  }

  @Test
  void doesNotEscapeReservedOrUnreservedCharacters() {
    String safe =
        "/!#$%&'()*+,/:;=?@[]ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    assertThat(RouterPath.escape(safe)).isEqualTo(safe);
  }

  @Test
  void escapesSpacesAndNonAsciiBytes() {
    assertThat(RouterPath.escape("/a b/c d")).isEqualTo("/a%20b/c%20d");
    assertThat(RouterPath.escape(RouterPath.configuredToByteView("/a\uD83D\uDE00")))
        .isEqualTo("/a%F0%9F%98%80");
    assertThat(RouterPath.escape(RouterPath.configuredToByteView("/endel\u00f8st")))
        .isEqualTo("/endel%C3%B8st");
  }

  @Test
  void dropsALeadingDotSegmentOfTheRemainder() {
    assertThat(RouterPath.sanitizePostfix("./req")).isEqualTo("req");
    assertThat(RouterPath.sanitizePostfix("../req")).isEqualTo("req");
    assertThat(RouterPath.sanitizePostfix("..")).isEmpty();
    assertThat(RouterPath.sanitizePostfix("/req")).isEqualTo("/req");
  }

  @ParameterizedTest(name = "{0} -> {1} port {2}")
  @CsvSource({
    "example.com, example.com, -1",
    "Example.COM:8080, example.com, 8080",
    "'[::1]:8080', ::1, 8080",
    "'[::1]', ::1, -1",
    "::1, ::1, -1",
    "'example.com:abc', example.com:abc, -1",
    "'example.com:99999', example.com:99999, -1",
    "*.example.com:80, *.example.com, 80",
  })
  void splitsHostsAndPorts(String text, String name, int port) {
    assertThat(RouterHost.parse(text)).isEqualTo(new RouterHost(name, port));
  }
}
