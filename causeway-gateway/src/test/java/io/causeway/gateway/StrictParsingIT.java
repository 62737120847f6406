package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a back end could frame differently than the proxy must be refused, the connection
 * closed, and nothing forwarded (request smuggling, RFC 9112 §6.1 and §11.2).
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StrictParsingIT {

  private FakeUpstream origin;
  private DataPlane dp;

  @BeforeEach
  void setUp() throws IOException {
    origin = new FakeUpstream();
    dp = TestGateways.start(ProxyLimits.defaults().withTimeouts(Duration.ofMillis(800), Duration.ofSeconds(5)));
    dp.apply(TestGateways.direct(origin.port()));
  }

  @AfterEach
  void tearDown() throws IOException {
    dp.close();
    origin.close();
  }

  private RawHttp.Response refused(String raw, int status) throws IOException {
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      c.send(raw);
      RawHttp.Response r = c.read();
      assertThat(r.status()).as(raw).isEqualTo(status);
      assertThat(r.headers().get("connection")).isEqualToIgnoringCase("close");
      assertThat(c.isClosedByPeer()).as("connection closed after refusing").isTrue();
      assertThat(origin.seen()).as("nothing forwarded").isEmpty();
      return r;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // CL.TE and TE.CL
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nG",
      // duplicate and invalid Content-Length
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\n\r\nabcd",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x4\r\n\r\nabcd",
      // whitespace before the colon, obs-fold, bad names
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nBad[Name]: 1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n",
      // bad chunk sizes
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
      // Host rules
      "GET / HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      // bare LF line endings
      "GET / HTTP/1.1\nHost: x\n\n",
      // Transfer-Encoding on HTTP/1.0
      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  })
  void refusesAmbiguousRequestsWithBadRequestAndCloses(String raw) throws IOException {
    refused(raw, 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  })
  void refusesTransferCodingsOtherThanExactlyChunked(String raw) throws IOException {
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      c.send(raw);
      RawHttp.Response r = c.read();
      assertThat(r.status()).isIn(400, 501);
      assertThat(c.isClosedByPeer()).isTrue();
    }
    assertThat(origin.seen()).isEmpty();
  }

  @Test
  void answersUriTooLongForAnOversizedRequestLine() throws IOException {
    refused("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  }

  @Test
  void answersHeaderFieldsTooLargeForOversizedHeaders() throws IOException {
    refused("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n", 431);
  }

  @Test
  void closesAConnectionWhoseHeadersNeverComplete() throws IOException {
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      long start = System.nanoTime();
      assertThat(c.isClosedByPeer()).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
    }
    assertThat(origin.seen()).isEmpty();
  }

  @Test
  void aBodySentAfterOneHundredContinueIsNotCutByTheHeaderTimeout() throws Exception {
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(100);
      c.send("hello");
      // Longer than the 800 ms header timeout: the interim response did not end the request, so
      // the connection is not waiting for a new head, and the body has its own deadline.
      Thread.sleep(1200);
      c.send("world");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"body_length\":10");
    }
  }

  @Test
  void acceptsAWellFormedChunkedRequestAfterRefusals() throws IOException {
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      c.send("POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
    }
    assertThat(origin.last().bodyLength()).isEqualTo(3);
  }
}
