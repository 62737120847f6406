package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class Http1ServerCodecTest {

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(new Http1ServerCodec(ProxyLimits.defaults(), null, false));
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
    out.forEach(ReferenceCountUtil::release);
  }

  private static String body(List<Object> out) {
    StringBuilder sb = new StringBuilder();
    out.stream().filter(HttpContent.class::isInstance)
        .forEach(c -> sb.append(((HttpContent) c).content().toString(StandardCharsets.ISO_8859_1)));
    return sb.toString();
  }

  private static RequestGuard.Rejection rejection(String raw) {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch, raw);
    assertThat(out).as(raw).last().isInstanceOf(RequestGuard.Rejection.class);
    release(out);
    ch.finishAndReleaseAll();
    return (RequestGuard.Rejection) out.get(out.size() - 1);
  }

  @Test
  void decodesAHeadWithSharedNamesAndTrimmedValuesIntoOneWholeRequestWhenThereIsNoBody() {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch, "GET /a?b=c HTTP/1.1\r\nHOST: example.com\r\nX-Custom: \t v 1 \t\r\n\r\n");
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).isInstanceOf(FullHttpRequest.class);
    assertThat(((FullHttpRequest) out.get(0)).content().isReadable()).isFalse();
    HttpRequest req = (HttpRequest) out.get(0);
    assertThat(req.method()).isSameAs(HttpMethod.GET);
    assertThat(req.uri()).isEqualTo("/a?b=c");
    assertThat(req.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
    assertThat(req.headers().get(HttpHeaderNames.HOST)).isEqualTo("example.com");
    assertThat(req.headers().get("x-custom")).isEqualTo("v 1");
    assertThat(req.headers().iteratorCharSequence().next().getKey()).isSameAs(HttpHeaderNames.HOST);
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAFoldedHeaderAfterAnEarlierPipelinedRequest() {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch,
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab\r\n ",
        "GET /b HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n");
    assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
    assertThat(body(out)).isEqualTo("ab\r\n ");
    assertThat(out).last().isInstanceOf(RequestGuard.Rejection.class);
    assertThat(((RequestGuard.Rejection) out.get(out.size() - 1)).message()).contains("folding");
    assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(1);
    release(out);
    assertThat(feed(ch, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n")).as("nothing after a refusal").isEmpty();
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
    assertThat(body(out)).isEqualTo("x\r\n\tyy");
    assertThat(out.stream().filter(LastHttpContent.class::isInstance)).hasSize(2);
    release(out);
    ch.finishAndReleaseAll();
  }

  @Test
  void decodesEverythingTheSameWhenBytesArriveOneAtATime() {
    String valid = "\r\nPOST /a HTTP/1.1\r\nHost: x\r\ncontent-length: 4\r\n\r\n \r\n\t"
        + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;x=\"y\"\r\n\r\n\r\n0\r\nX-T: 1\r\n\r\n";
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch, valid.split(""));
    assertThat(out).noneMatch(RequestGuard.Rejection.class::isInstance);
    assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(2);
    assertThat(body(out)).isEqualTo(" \r\n\t\r\n");
    LastHttpContent last = (LastHttpContent) out.get(out.size() - 1);
    assertThat(last.trailingHeaders().get("x-t")).isEqualTo("1");
    release(out);
    out = feed(ch, "GET /c HTTP/1.1\r\nHost: x\r\nX: 1\r\n".split(""));
    assertThat(out).isEmpty();
    out = feed(ch, "\t", "y\r\n\r\n");
    assertThat(out).hasSize(1).first().isInstanceOf(RequestGuard.Rejection.class);
    ch.finishAndReleaseAll();
  }

  @Test
  void bodiesAreSlicesOfTheReadBuffer() {
    EmbeddedChannel ch = channel();
    ByteBuf in = Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", StandardCharsets.US_ASCII);
    ch.writeInbound(in);
    ReferenceCountUtil.release(ch.readInbound());
    LastHttpContent last = ch.readInbound();
    assertThat(last.content().unwrap()).isSameAs(in);
    last.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesWhatABackEndCouldFrameDifferentlyWithTheGuardsMessages() {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            "both Content-Length and Transfer-Encoding"),
        Map.entry("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding in an HTTP/1.0 request"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "unsupported Transfer-Encoding"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            "unsupported Transfer-Encoding"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", "repeated Content-Length"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n", "invalid Content-Length"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1234567890123456789\r\n\r\n", "invalid Content-Length"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "repeated Host"),
        Map.entry("GET / HTTP/1.1\r\n\r\n", "missing Host"),
        Map.entry("GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n", "invalid request target"),
        Map.entry("GET /\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", "invalid request target"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nTransfer_encoding: chunked\r\n\r\n", "header name resembling Transfer-encoding"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nContent_Length: 3\r\n\r\n", "header name resembling Content-Length"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX-A:\r\n b\r\n\r\n", "obsolete line folding in headers"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nBad[Name]: 1\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\u000b\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.1\nHost: x\r\n\r\n", "bad request"),
        Map.entry("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.2\r\nHost: x\r\n\r\n", "bad request"),
        Map.entry("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", "bad request"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", "bad request"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", "bad request"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", "bad request"),
        Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n",
            "obsolete line folding in headers"));
    cases.forEach((raw, message) -> {
      RequestGuard.Rejection r = rejection(raw);
      assertThat(r.status()).as(raw).isEqualTo(HttpResponseStatus.BAD_REQUEST);
      assertThat(r.message()).as(raw).isEqualTo(message);
    });
  }

  @Test
  void answersTooLongRequestLinesAndHeaderSectionsWithTheirStatus() {
    assertThat(rejection("GET /" + "a".repeat(9000)).status()).isEqualTo(HttpResponseStatus.REQUEST_URI_TOO_LONG);
    assertThat(rejection("GET / HTTP/1.1\r\nHost: x\r\nX: " + "b".repeat(40_000)).status())
        .isEqualTo(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    assertThat(rejection("GET / HTTP/1.1\r\nHost: x\r\n" + "X: b\r\n".repeat(6000)).status())
        .isEqualTo(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
  }

  @Test
  void aResponseToHeadHasNoBodyEvenWhenPipelinedBehindAnotherRequest() {
    EmbeddedChannel ch = channel();
    release(feed(ch, "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"));
    ch.writeOutbound(response(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE)));
    ch.writeOutbound(response(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII))));
    ch.writeOutbound(response(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.copiedBuffer("world", StandardCharsets.US_ASCII))));
    StringBuilder wire = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      wire.append(b.toString(StandardCharsets.US_ASCII));
      b.release();
    }
    assertThat(wire.toString()).doesNotContain("hello").endsWith("world").contains("100 Continue");
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesABurstOfPipelinedRequestsBeyondWhatItKeepsAhead() {
    EmbeddedChannel ch = channel();
    List<Object> out = feed(ch, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(129));
    assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(128);
    assertThat(out).last().isInstanceOf(RequestGuard.Rejection.class);
    assertThat(((RequestGuard.Rejection) out.get(out.size() - 1)).message()).isEqualTo("too many pipelined requests");
    release(out);
    ch.finishAndReleaseAll();
  }

  private static DefaultFullHttpResponse response(DefaultFullHttpResponse r) {
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return r;
  }

  @Test
  void handsThePrefaceToHttp2HandlersAndStepsAside() {
    List<Object> events = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel();
    Http1ServerCodec codec = new Http1ServerCodec(ProxyLimits.defaults(), null, true);
    ChannelInboundHandlerAdapter sink = new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
      }
    };
    codec.h2c(new ChannelInboundHandlerAdapter(), () -> new io.netty.channel.ChannelHandler[] {sink});
    ch.pipeline().addLast(codec);
    ch.writeInbound(Unpooled.copiedBuffer("PRI * HTTP/2.0\r\n\r\n", StandardCharsets.ISO_8859_1));
    assertThat(events).isEmpty();
    ch.writeInbound(Unpooled.copiedBuffer("SM\r\n\r\n \t", StandardCharsets.ISO_8859_1));
    assertThat(events).containsExactly(Http1Pipeline.PriorKnowledge.EVENT);
    assertThat(ch.pipeline().get(Http1ServerCodec.class)).isNull();
    ByteBuf passed = ch.readInbound();
    assertThat(passed.readableBytes()).isEqualTo(26);
    passed.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void removesTheUpgradeHandlerAfterTheFirstRequestThatIsNoH2cUpgrade() {
    EmbeddedChannel ch = new EmbeddedChannel();
    Http1ServerCodec codec = new Http1ServerCodec(ProxyLimits.defaults(), null, true);
    ChannelInboundHandlerAdapter upgrade = new ChannelInboundHandlerAdapter();
    codec.h2c(upgrade, () -> new io.netty.channel.ChannelHandler[0]);
    ch.pipeline().addLast(codec, upgrade);
    release(feed(ch, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertThat(ch.pipeline().context(upgrade)).isNull();
    ch.finishAndReleaseAll();
  }

  /** The wire bytes of {@code responses} answering {@code requests}, through {@code ch}. */
  private static String wire(EmbeddedChannel ch, String requests, List<java.util.function.Supplier<Object>> responses) {
    ch.writeInbound(Unpooled.copiedBuffer(requests, StandardCharsets.ISO_8859_1));
    Object in;
    while ((in = ch.readInbound()) != null) {
      ReferenceCountUtil.release(in);
    }
    for (java.util.function.Supplier<Object> r : responses) {
      ch.writeOutbound(r.get());
    }
    StringBuilder wire = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      wire.append(b.toString(StandardCharsets.ISO_8859_1)).append('|');
      b.release();
    }
    ch.finishAndReleaseAll();
    // Buffer boundaries may differ (one buffer against head and body); the bytes may not.
    return wire.toString().replace("|", "");
  }

  private static java.util.function.Supplier<Object> full(HttpResponseStatus status, int bodyLength, String... headers) {
    return () -> {
      DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.wrappedBuffer("0123456789abcdef".repeat(bodyLength / 16 + 1).substring(0, bodyLength)
              .getBytes(StandardCharsets.US_ASCII)));
      for (int i = 0; i < headers.length; i += 2) {
        r.headers().add(headers[i], i % 4 == 0 ? headers[i + 1] : io.netty.util.AsciiString.of(headers[i + 1]));
      }
      return r;
    };
  }

  @Test
  void writesWholeResponsesByteForByteAsNettysEncoderDoes() {
    String get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    String head = "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n";
    Map<String, Map.Entry<String, List<java.util.function.Supplier<Object>>>> cases = new java.util.LinkedHashMap<>();
    cases.put("small body", Map.entry(get, List.of(full(HttpResponseStatus.OK, 1024,
        "content-length", "1024", "content-type", "text/plain", "via", "1.1 causeway", "x-odd", "caf\u00e9"))));
    cases.put("empty body", Map.entry(get, List.of(full(HttpResponseStatus.OK, 0, "content-length", "0"))));
    cases.put("no framing (close-delimited)", Map.entry(get, List.of(full(HttpResponseStatus.OK, 5))));
    cases.put("HEAD with a body given", Map.entry(head, List.of(full(HttpResponseStatus.OK, 10, "content-length", "10"))));
    cases.put("204 with a length", Map.entry(get, List.of(full(HttpResponseStatus.NO_CONTENT, 0,
        "content-length", "0", "transfer-encoding", "identity"))));
    cases.put("205", Map.entry(get, List.of(full(HttpResponseStatus.RESET_CONTENT, 3))));
    cases.put("304", Map.entry(get, List.of(full(HttpResponseStatus.NOT_MODIFIED, 0, "content-length", "99"))));
    cases.put("chunked (Netty's path)", Map.entry(get, List.of(full(HttpResponseStatus.OK, 20, "transfer-encoding", "chunked"))));
    cases.put("large body (Netty's path)", Map.entry(get, List.of(full(HttpResponseStatus.OK,
        Http1ServerCodec.WHOLE_MAX_BODY + 1, "content-length", String.valueOf(Http1ServerCodec.WHOLE_MAX_BODY + 1)))));
    cases.put("100 then final", Map.entry(get, List.of(full(HttpResponseStatus.CONTINUE, 0),
        full(HttpResponseStatus.OK, 3, "content-length", "3"))));
    cases.put("pipelined HEAD then GET", Map.entry(head + get, List.of(full(HttpResponseStatus.OK, 4, "content-length", "4"),
        full(HttpResponseStatus.OK, 4, "content-length", "4"))));
    cases.put("streamed then whole", Map.entry(get + get, List.of(
        () -> {
          io.netty.handler.codec.http.DefaultHttpResponse r =
              new io.netty.handler.codec.http.DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
          r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
          return r;
        },
        () -> new io.netty.handler.codec.http.DefaultHttpContent(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)),
        () -> LastHttpContent.EMPTY_LAST_CONTENT,
        full(HttpResponseStatus.OK, 2, "content-length", "2"))));
    String upstream = "HTTP/1.1 200 OK\r\nServer: nginx\r\nConnection: keep-alive\r\nContent-Length: 3\r\n"
        + "Keep-Alive: timeout=5\r\nX-Empty: \r\nx-lower: caf\u00e9\r\n\r\nabc";
    cases.put("raw upstream head, as the proxy edits it", Map.entry(get, List.of(raw(upstream, true))));
    cases.put("raw upstream head, untouched", Map.entry(get, List.of(raw(upstream, false))));
    cases.put("raw upstream head to HEAD (through the map)", Map.entry(head, List.of(raw(upstream, true))));
    cases.forEach((name, c) -> {
      String ours = wire(channel(), c.getKey(), c.getValue());
      String netty = wire(new EmbeddedChannel(new io.netty.handler.codec.http.HttpServerCodec()), c.getKey(), c.getValue());
      assertThat(ours).as(name).isEqualTo(netty).isNotEmpty();
    });
  }

  /**
   * A response as the upstream codec hands it on raw, with the proxy's edits ({@code
   * Rewrites.downstreamResponse}) when {@code edit}. Netty's encoder, given the same, reads its
   * header map, so the comparison is the raw bytes against the map they stand for.
   */
  private static java.util.function.Supplier<Object> raw(String response, boolean edit) {
    return () -> {
      EmbeddedChannel up = new EmbeddedChannel(new UpstreamCodec());
      up.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
      for (Object o; (o = up.readOutbound()) != null; ) {
        io.netty.util.ReferenceCountUtil.release(o);
      }
      up.writeInbound(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1));
      RawResponse r = up.readInbound();
      up.finishAndReleaseAll();
      assertThat(r.isRaw()).isTrue();
      if (edit) {
        r.dropHopByHop();
        r.add(HttpHeaderNames.VIA, "1.1 causeway");
        r.add(ForwardedHeaders.REQUEST_ID, "abc");
      }
      return r;
    };
  }

  @Test
  void aWholeSmallResponseLeavesAsOneBuffer() {
    EmbeddedChannel ch = channel();
    release(feed(ch, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    ch.writeOutbound(full(HttpResponseStatus.OK, 1024, "content-length", "1024").get());
    ByteBuf one = ch.readOutbound();
    assertThat(one.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("0123456789abcdef");
    one.release();
    assertThat((Object) ch.readOutbound()).isNull();
    ch.finishAndReleaseAll();
  }
}
