package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request-smuggling corpus (CL.TE, TE.CL, TE.TE and their mutations: whitespace, case,
 * duplicates, obfuscated codings, chunk extensions and sizes, obs-fold, bare LF and CR, NUL) sent
 * byte for byte through a real data plane to an origin that records every request it parses.
 *
 * <p>Each case is either refused (the status, {@code Connection: close}, the connection closed,
 * and nothing reaching the origin) or, when it has exactly one reading, forwarded: the origin
 * parses exactly the requests and body lengths the proxy framed. Every case smuggles {@code GET
 * /smuggled} where a desynchronised back end would read a second request; the origin must never
 * see it.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmugglingCorpusIT {

  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final String H = "Host: x\r\n";
  /** The smuggled request's length, for bodies that are exactly it. */
  private static final int N = SMUGGLED.length();

  private static FakeUpstream origin;
  private static DataPlane dp;

  /** What must happen to a case: refused with a status, or forwarded as these requests. */
  sealed interface Outcome {}

  record Refused(int status) implements Outcome {}

  /** Requests the origin must see, in order, as {@code target:bodyLength}. */
  record Forwarded(List<String> requests) implements Outcome {}

  @BeforeAll
  static void start() throws IOException {
    origin = new FakeUpstream();
    dp = TestGateways.start(ProxyLimits.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    dp.apply(TestGateways.direct(origin.port(), 5_000, 0));
  }

  @AfterAll
  static void stop() throws IOException {
    dp.close();
    origin.close();
  }

  private static Arguments refused(String name, int status, String raw) {
    return Arguments.of(name, raw, new Refused(status));
  }

  private static Arguments forwarded(String name, String raw, String... requests) {
    return Arguments.of(name, raw, new Forwarded(List.of(requests)));
  }

  /** A POST to /case with the given header lines (each ending CRLF) and body. */
  private static String post(String headers, String body) {
    return "POST /case HTTP/1.1\r\n" + H + headers + "\r\n" + body;
  }

  /** A chunked body whose single chunk hides a request, then the last chunk. */
  private static final String CHUNKED_SMUGGLE = "0\r\n\r\n" + SMUGGLED;

  static Stream<Arguments> corpus() {
    return Stream.of(
        // ---- CL.TE / TE.CL: both framings present ----
        refused("CL.TE", 400, post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE.CL", 400, post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "5c\r\n" + SMUGGLED + "\r\n0\r\n\r\n")),
        refused("TE.CL lower-case names", 400, post("transfer-encoding: chunked\r\ncontent-length: 3\r\n", CHUNKED_SMUGGLE)),
        refused("CL.TE with Expect 100-continue", 400,
            post("Expect: 100-continue\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n", CHUNKED_SMUGGLE)),
        refused("CL.TE with obfuscated TE", 400, post("Content-Length: 5\r\nTransfer-Encoding: xchunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE in HTTP/1.0", 400,
            "POST /case HTTP/1.0\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n" + CHUNKED_SMUGGLE),
        refused("TE in HTTP/1.0 with CL", 400,
            "POST /case HTTP/1.0\r\n" + H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_SMUGGLE),

        // ---- TE.TE: obfuscated Transfer-Encoding ----
        refused("TE chunked, identity", 400, post("Transfer-Encoding: chunked, identity\r\n", CHUNKED_SMUGGLE)),
        refused("TE identity, chunked", 400, post("Transfer-Encoding: identity, chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE gzip, chunked", 400, post("Transfer-Encoding: gzip, chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE xchunked", 400, post("Transfer-Encoding: xchunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE chunkedx", 400, post("Transfer-Encoding: chunkedx\r\n", CHUNKED_SMUGGLE)),
        refused("TE quoted chunked", 400, post("Transfer-Encoding: \"chunked\"\r\n", CHUNKED_SMUGGLE)),
        refused("TE trailing comma", 400, post("Transfer-Encoding: chunked,\r\n", CHUNKED_SMUGGLE)),
        refused("TE leading comma", 400, post("Transfer-Encoding: ,chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE repeated", 400, post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE chunked then identity", 400,
            post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", CHUNKED_SMUGGLE)),
        refused("TE identity alone", 400, post("Transfer-Encoding: identity\r\n", CHUNKED_SMUGGLE)),
        refused("TE space before colon", 400, post("Transfer-Encoding : chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE tab before colon", 400, post("Transfer-Encoding\t: chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE vertical tab before value", 400, post("Transfer-Encoding: \u000bchunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE vertical tab after value", 400, post("Transfer-Encoding: chunked\u000b\r\n", CHUNKED_SMUGGLE)),
        refused("TE form feed in value", 400, post("Transfer-Encoding: \fchunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE NUL in value", 400, post("Transfer-Encoding: chunked\u0000\r\n", CHUNKED_SMUGGLE)),
        refused("TE with underscore name", 400, post("Transfer_Encoding: chunked\r\nContent-Length: 5\r\n", CHUNKED_SMUGGLE)),
        refused("TE obs-fold value", 400, post("Transfer-Encoding:\r\n chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE hidden in a folded header", 400, post("X-A: b\r\n Transfer-Encoding: chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE after bare CR in a value", 400, post("X-A: b\rTransfer-Encoding: chunked\r\n", CHUNKED_SMUGGLE)),
        refused("TE with bare LF line endings", 400,
            "POST /case HTTP/1.1\n" + H.replace("\r", "") + "Transfer-Encoding: chunked\n\n" + CHUNKED_SMUGGLE),
        refused("TE line ending bare LF", 400, post("Transfer-Encoding: chunked\nX-A: b\r\n", CHUNKED_SMUGGLE)),
        forwarded("TE tab before value (OWS)", post("Transfer-Encoding:\tchunked\r\n", "3\r\nabc\r\n0\r\n\r\n"), "/case:3"),
        forwarded("TE upper-case value", post("Transfer-Encoding: CHUNKED\r\n", "3\r\nabc\r\n0\r\n\r\n"), "/case:3"),
        forwarded("TE upper-case name", post("TRANSFER-ENCODING: chunked\r\n", "3\r\nabc\r\n0\r\n\r\n"), "/case:3"),

        // ---- Content-Length mutations ----
        refused("CL repeated, different", 400, post("Content-Length: 0\r\nContent-Length: " + N + "\r\n", SMUGGLED)),
        refused("CL repeated, equal", 400, post("Content-Length: 3\r\nContent-Length: 3\r\n", "abc" + SMUGGLED)),
        refused("CL list", 400, post("Content-Length: 3, 3\r\n", "abc" + SMUGGLED)),
        refused("CL plus sign", 400, post("Content-Length: +3\r\n", "abc" + SMUGGLED)),
        refused("CL negative", 400, post("Content-Length: -1\r\n", SMUGGLED)),
        refused("CL hex", 400, post("Content-Length: 0x3\r\n", "abc" + SMUGGLED)),
        refused("CL hex garbage", 400, post("Content-Length: 3g\r\n", "abc" + SMUGGLED)),
        refused("CL exponent", 400, post("Content-Length: 3e0\r\n", "abc" + SMUGGLED)),
        refused("CL decimal point", 400, post("Content-Length: 3.0\r\n", "abc" + SMUGGLED)),
        refused("CL empty", 400, post("Content-Length: \r\n", SMUGGLED)),
        refused("CL two numbers", 400, post("Content-Length: 3 4\r\n", "abc" + SMUGGLED)),
        refused("CL overflow", 400, post("Content-Length: 99999999999999999999999\r\n", SMUGGLED)),
        refused("CL non-ASCII digit", 400, post("Content-Length: 3\u00a0\r\n", "abc" + SMUGGLED)),
        refused("CL space before colon", 400, post("Content-Length : 3\r\n", "abc" + SMUGGLED)),
        refused("CL with underscore name", 400, post("Content_Length: " + N + "\r\n", SMUGGLED)),
        refused("CL obs-fold", 400, post("Content-Length:\r\n 3\r\n", "abc" + SMUGGLED)),
        forwarded("CL leading zeros", post("Content-Length: 0003\r\n", "abc"), "/case:3"),
        forwarded("CL OWS around value", post("Content-Length: \t3 \r\n", "abc"), "/case:3"),
        forwarded("CL zero then a pipelined request", post("Content-Length: 0\r\n", "GET /second HTTP/1.1\r\n" + H + "\r\n"),
            "/case:0", "/second:0"),
        forwarded("CL body that looks like a request", post("Content-Length: " + N + "\r\n", SMUGGLED), "/case:" + N),
        forwarded("GET with a body", "GET /case HTTP/1.1\r\n" + H + "Content-Length: " + N + "\r\n\r\n" + SMUGGLED, "/case:" + N),
        forwarded("HTTP/1.0 with CL", "POST /case HTTP/1.0\r\n" + H + "Content-Length: " + N + "\r\n\r\n" + SMUGGLED, "/case:" + N),

        // ---- chunk framing ----
        forwarded("chunk extension", post("Transfer-Encoding: chunked\r\n", "3;ext=1\r\nabc\r\n0\r\n\r\n"), "/case:3"),
        forwarded("chunk extension quoted", post("Transfer-Encoding: chunked\r\n", "3;a=\"b;c\"\r\nabc\r\n0\r\n\r\n"), "/case:3"),
        forwarded("chunk size leading zeros", post("Transfer-Encoding: chunked\r\n", "0003\r\nabc\r\n0\r\n\r\n"), "/case:3"),
        forwarded("chunk body that looks like a request",
            post("Transfer-Encoding: chunked\r\n", Integer.toHexString(N) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n"), "/case:" + N),
        refused("chunk size overflow", 400, post("Transfer-Encoding: chunked\r\n", "ffffffffffffffffff\r\nabc\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk size negative", 400, post("Transfer-Encoding: chunked\r\n", "-3\r\nabc\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk size 0x", 400, post("Transfer-Encoding: chunked\r\n", "0x3\r\nabc\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk size plus", 400, post("Transfer-Encoding: chunked\r\n", "+3\r\nabc\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk size garbage", 400, post("Transfer-Encoding: chunked\r\n", "3g\r\nabc\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk data longer than its size", 400, post("Transfer-Encoding: chunked\r\n", "3\r\nabcdef\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk with bare LF", 400, post("Transfer-Encoding: chunked\r\n", "3\nabc\n0\n\n" + SMUGGLED)),
        refused("chunk extension with bare LF", 400, post("Transfer-Encoding: chunked\r\n", "3;a\nb\r\nabc\r\n" + CHUNKED_SMUGGLE)),
        refused("chunk extension with NUL", 400, post("Transfer-Encoding: chunked\r\n", "3;a\u0000\r\nabc\r\n" + CHUNKED_SMUGGLE)),

        // ---- request line and header grammar ----
        refused("NUL in header name", 400, post("X-\u0000A: b\r\nContent-Length: 41\r\n", SMUGGLED)),
        refused("NUL in request target", 400, "POST /ca\u0000se HTTP/1.1\r\n" + H + "Content-Length: " + N + "\r\n\r\n" + SMUGGLED),
        refused("first header line folded", 400, "POST /case HTTP/1.1\r\n Transfer-Encoding: chunked\r\n" + H + "\r\n" + CHUNKED_SMUGGLE),
        refused("request line with bare LF", 400, "POST /case HTTP/1.1\n" + H + "Content-Length: " + N + "\r\n\r\n" + SMUGGLED),
        refused("repeated Host", 400, post("Host: y\r\nContent-Length: 41\r\n", SMUGGLED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eitherRefusesOrForwardsExactlyAsFramed(String name, String raw, Outcome outcome) throws IOException {
    int before = origin.seen().size();
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      c.send(raw);
      switch (outcome) {
        case Refused refused -> {
          RawHttp.Response r = c.read();
          assertThat(r.status()).as("status").isEqualTo(refused.status());
          assertThat(r.headers().get("connection")).isEqualToIgnoringCase("close");
          assertThat(c.isClosedByPeer()).as("connection closed after the refusal").isTrue();
          assertThat(origin.seen().subList(before, origin.seen().size())).as("nothing forwarded").isEmpty();
        }
        case Forwarded forwarded -> {
          List<String> expected = forwarded.requests();
          for (int i = 0; i < expected.size(); i++) {
            assertThat(c.read().status()).as("response %d", i).isEqualTo(200);
          }
          await().atMost(Duration.ofSeconds(5)).until(() -> origin.seen().size() - before >= expected.size());
          List<String> seen = new ArrayList<>();
          origin.seen().subList(before, origin.seen().size()).forEach(s -> seen.add(s.target() + ":" + s.bodyLength()));
          assertThat(seen).as("what the origin parsed").containsExactlyElementsOf(expected);
        }
      }
    }
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(origin.seen().subList(before, origin.seen().size())).as("no smuggled request")
            .noneMatch(s -> s.target().equals("/smuggled")));
  }
}
