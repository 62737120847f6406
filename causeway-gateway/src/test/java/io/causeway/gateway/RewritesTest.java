package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class RewritesTest {

  private static HttpResponse response(HttpResponseStatus status) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    r.headers().set("Connection", "keep-alive, X-Hop").set("X-Hop", "1").set("Keep-Alive", "timeout=5")
        .set("Transfer-Encoding", "chunked");
    return r;
  }

  @Test
  void chunksABodyOfUnknownLengthForHttp11ClientsAndClosesForHttp10Ones() {
    HttpRequest get11 = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    HttpResponse r = response(HttpResponseStatus.OK);
    assertThat(Rewrites.downstreamResponse(r, get11, false, true, "id", "1.1 causeway")).isFalse();
    assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
    assertThat(r.headers().contains("x-hop")).isFalse();
    assertThat(r.headers().contains("keep-alive")).isFalse();
    assertThat(r.headers().get("via")).isEqualTo("1.1 causeway");

    HttpRequest get10 = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    HttpResponse r10 = response(HttpResponseStatus.OK);
    assertThat(Rewrites.downstreamResponse(r10, get10, false, true, "id", "v")).isTrue();
    assertThat(r10.headers().get("connection")).isEqualTo("close");
    assertThat(r10.headers().contains("transfer-encoding")).isFalse();
  }

  @Test
  void addsNoFramingToBodilessResponsesAndNoConnectionHeaderOnHttp2() {
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/");
    HttpResponse r = response(HttpResponseStatus.OK);
    Rewrites.downstreamResponse(r, head, false, true, "id", "v");
    assertThat(r.headers().contains("transfer-encoding")).isFalse();
    HttpResponse h2 = response(HttpResponseStatus.NO_CONTENT);
    assertThat(Rewrites.downstreamResponse(h2, head, true, false, "id", "v")).isFalse();
    assertThat(h2.headers().contains("connection")).isFalse();
  }

  @Test
  void turnsAbsoluteFormIntoOriginFormAndTakesTheHost() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "HTTP://a.example:81?q=1");
    r.headers().set("Host", "other");
    Rewrites.toOriginForm(r);
    assertThat(r.uri()).isEqualTo("/?q=1");
    assertThat(r.headers().get("host")).isEqualTo("a.example:81");
    HttpRequest origin = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
    Rewrites.toOriginForm(origin);
    assertThat(origin.uri()).isEqualTo("/x");
  }
}
