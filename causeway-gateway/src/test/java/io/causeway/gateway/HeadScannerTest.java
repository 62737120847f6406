package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class HeadScannerTest {

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new HeadScanner(8192),
        new HttpServerCodec(Http1Pipeline.decoderConfig(ProxyLimits.defaults())),
        new RequestGuard());
  }

  private static List<Object> feed(EmbeddedChannel ch, String... parts) {
    for (String p : parts) {
      ch.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
    }
    List<Object> out = new ArrayList<>();
    Object o;
    while ((o = ch.readInbound()) != null) {
      out.add(o);
    }
    return out;
  }

  private static void release(List<Object> out) {
    out.forEach(io.netty.util.ReferenceCountUtil::release);
  }

  @Test
  void refusesAFoldedHeaderAfterAnEarlierPipelinedRequest() {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch,
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab\r\n ",
        "GET /b HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n");
    assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
    assertThat(out).last().isInstanceOf(RequestGuard.Rejection.class);
    assertThat(((RequestGuard.Rejection) out.get(out.size() - 1)).message()).contains("folding");
    assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(1);
    release(out);
    ch.finishAndReleaseAll();
  }

  @Test
  void lookingInsideBodiesNeverMistakesThemForFolds() {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch,
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        "6\r\nx\r\n\tyy\r\n0\r\n\r\n",
        "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(out).noneMatch(RequestGuard.Rejection.class::isInstance);
    assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(2);
    long bodyBytes = out.stream().filter(HttpContent.class::isInstance)
        .mapToLong(c -> ((HttpContent) c).content().readableBytes()).sum();
    assertThat(bodyBytes).isEqualTo(6);
    assertThat(out.stream().filter(LastHttpContent.class::isInstance)).hasSize(2);
    release(out);
    ch.finishAndReleaseAll();
  }

  @Test
  void guardTurnsBothFramingHeadersIntoARejection() {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(out).hasSize(1).first().isInstanceOf(RequestGuard.Rejection.class);
    ch.finishAndReleaseAll();
  }

  @Test
  void findsFoldsAndFramingWhenBytesArriveOneAtATime() {
    String valid = "POST /a HTTP/1.1\r\nHost: x\r\ncontent-length: 4\r\n\r\n \r\n\t"
        + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\r\n\r\n0\r\n\r\n";
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch, valid.split("(?<=.)|(?<=\\n)"));
    assertThat(out).noneMatch(RequestGuard.Rejection.class::isInstance);
    assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(2);
    release(out);
    out = feed(ch, "GET /c HTTP/1.1\r\nHost: x\r\nX: 1\r\n".split(""));
    assertThat(out).hasSize(0);
    out = feed(ch, "\t", "y\r\n\r\n");
    assertThat(out).hasSize(1).first().isInstanceOf(RequestGuard.Rejection.class);
    ch.finishAndReleaseAll();
  }

  @Test
  void stepsAsideForTheHttp2Preface() {
    EmbeddedChannel ch = new EmbeddedChannel(new HeadScanner(8192));
    ByteBuf preface = Unpooled.copiedBuffer("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n \t", StandardCharsets.ISO_8859_1);
    ch.writeInbound(preface);
    ByteBuf passed = ch.readInbound();
    assertThat(passed.readableBytes()).isEqualTo(26);
    passed.release();
    assertThat(ch.pipeline().get(HeadScanner.class)).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void guardAcceptsTokensAndRefusesControlCharactersInValues() {
    assertThat(RequestGuard.isToken("X-Custom_1.2~")).isTrue();
    assertThat(RequestGuard.isToken("Bad Name")).isFalse();
    assertThat(RequestGuard.isToken("")).isFalse();
    assertThat(RequestGuard.isFieldValue("a\tb c")).isTrue();
    assertThat(RequestGuard.isFieldValue("a\u0000b")).isFalse();
    assertThat(RequestGuard.isFieldValue("a\u007fb")).isFalse();
    assertThat(RequestGuard.isDigits("0042")).isTrue();
    assertThat(RequestGuard.isDigits("4 2")).isFalse();
    assertThat(RequestGuard.isDigits("")).isFalse();
  }
}
