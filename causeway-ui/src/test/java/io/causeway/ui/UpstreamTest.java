package io.causeway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamTest {
  @Test
  void callsAnApiBoundToEveryAddressOnLoopback() {
    assertThat(Upstream.loopback(URI.create("http://0.0.0.0:8001")))
        .isEqualTo(URI.create("http://127.0.0.1:8001"));
    assertThat(Upstream.loopback(URI.create("https://[::]:8001")))
        .isEqualTo(URI.create("https://[::1]:8001"));
    assertThat(Upstream.loopback(URI.create("http://127.0.0.1:8001")))
        .isEqualTo(URI.create("http://127.0.0.1:8001"));
  }
}
