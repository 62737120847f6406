package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  @Test
  void stripsHopByHopHeadersAndThoseConnectionNames() {
    HttpHeaders h = new DefaultHttpHeaders()
        .add("Connection", "close, X-Private")
        .add("Connection", "Foo")
        .add("X-Private", "1").add("Foo", "2").add("Keep-Alive", "timeout=1").add("TE", "trailers")
        .add("Trailer", "X").add("Transfer-Encoding", "chunked").add("Proxy-Connection", "x").add("Upgrade", "h2c")
        .add("X-End", "kept");
    boolean websocket = ForwardedHeaders.stripHopByHop(h);
    assertThat(websocket).isFalse();
    assertThat(h.names()).containsExactly("X-End");
  }

  @Test
  void recognisesAWebsocketUpgrade() {
    HttpHeaders h = new DefaultHttpHeaders().add("Connection", "keep-alive, Upgrade").add("Upgrade", "WebSocket");
    assertThat(ForwardedHeaders.stripHopByHop(h)).isTrue();
    assertThat(h.isEmpty()).isTrue();
  }

  @Test
  void appendsToAnExistingForwardedForAndSetsTheRest() {
    HttpHeaders h = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.1").add("X-Forwarded-Prefix", "/spoofed");
    ForwardedHeaders.addForwarded(h, "127.0.0.1", "https", "api.example.com:8443", 8443, Optional.empty(), "1.1 causeway");
    assertThat(h.get("x-forwarded-for")).isEqualTo("198.51.100.1, 127.0.0.1");
    assertThat(h.get("x-forwarded-proto")).isEqualTo("https");
    assertThat(h.get("x-forwarded-host")).isEqualTo("api.example.com");
    assertThat(h.get("x-forwarded-port")).isEqualTo("8443");
    assertThat(h.contains("x-forwarded-prefix")).isFalse();
    assertThat(h.get("via")).isEqualTo("1.1 causeway");
  }

  @Test
  void keepsBracketsOfIpv6Hosts() {
    assertThat(ForwardedHeaders.hostWithoutPort("[::1]:8000")).isEqualTo("[::1]");
    assertThat(ForwardedHeaders.hostWithoutPort("[::1]")).isEqualTo("[::1]");
    assertThat(ForwardedHeaders.hostWithoutPort("example.com")).isEqualTo("example.com");
  }
}
