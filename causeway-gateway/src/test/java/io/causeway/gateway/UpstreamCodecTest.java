package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * UpstreamCodec against the HttpClientCodec it replaces, configured as UpstreamPool configured it:
 * the same bytes, whole or split at every boundary, must give the same messages, and whatever
 * Netty rejects must be rejected.
 */
@ExtendWith(NettyLeakGuard.class)
class UpstreamCodecTest {

  private static final HttpDecoderConfig CONFIG =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(8192)
          .setMaxHeaderSize(65536)
          .setMaxChunkSize(65536)
          .setValidateHeaders(true)
          .setAllowDuplicateContentLengths(false)
          .setStrictLineParsing(true)
          .setUseRfc9112TransferEncoding(true);

  private static final String OK = "HTTP/1.1 200 OK\r\n";

  /** A response corpus: what to send, which requests preceded it, and bytes that are ours. */
  private record Case(String name, byte[] bytes, List<HttpMethod> methods) {
    static Case of(String name, String text, HttpMethod... methods) {
      return new Case(name, text.getBytes(StandardCharsets.ISO_8859_1), methods.length == 0 ? List.of(HttpMethod.GET) : List.of(methods));
    }
  }

  private static List<Case> valid() {
    List<Case> c = new ArrayList<>();
    c.add(Case.of("content-length", OK + "Content-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"));
    c.add(Case.of("empty content-length", OK + "Content-Length: 0\r\nServer: x\r\n\r\n"));
    c.add(Case.of("chunked", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    c.add(Case.of("chunk extensions", OK + "Transfer-Encoding: chunked\r\n\r\n5;a=b;c=\"d e\"\r\nhello\r\n5 ; x\r\nworld\r\n0;last\r\n\r\n"));
    c.add(Case.of("trailers", OK + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 42\r\nX-Other:  v w  \r\n\r\n"));
    c.add(Case.of("framing fields dropped from trailers", OK + "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nContent-Length: 9\r\nTrailer: x\r\nX-Kept: y\r\n\r\n"));
    c.add(Case.of("close delimited", OK + "Content-Type: text/plain\r\n\r\nuntil the end"));
    c.add(Case.of("close delimited 1.0", "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nbody bytes"));
    c.add(Case.of("head with length", OK + "Content-Length: 1000\r\n\r\n", HttpMethod.HEAD));
    c.add(Case.of("head with chunked", OK + "Transfer-Encoding: chunked\r\nX-A: 1\r\n\r\n", HttpMethod.HEAD));
    c.add(Case.of("head then get", OK + "Content-Length: 4\r\n\r\n" + OK + "Content-Length: 4\r\n\r\nbody", HttpMethod.HEAD, HttpMethod.GET));
    c.add(Case.of("100 then 200", "HTTP/1.1 100 Continue\r\n\r\n" + OK + "Content-Length: 2\r\n\r\nok"));
    c.add(Case.of("103 then head", "HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n" + OK + "Content-Length: 9\r\n\r\n", HttpMethod.HEAD));
    c.add(Case.of("204", "HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n"));
    c.add(Case.of("204 with length", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("304", "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 120\r\n\r\n"));
    c.add(Case.of("101 with trailing bytes", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\u0081\u0005hello\u0000\u00ff"));
    c.add(Case.of("many headers", OK + manyHeaders(120) + "Content-Length: 1\r\n\r\nx"));
    c.add(Case.of("long value", OK + "X-Long: " + "v".repeat(8000) + "\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("obs-text", OK + "X-Latin: caf\u00e9 \u00ff\u0080\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("pipelined", OK + "Content-Length: 3\r\n\r\nabc" + OK + "Transfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
        + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", HttpMethod.GET, HttpMethod.GET, HttpMethod.GET));
    c.add(Case.of("leading empty lines", "\r\n\r\n" + OK + "Content-Length: 1\r\n\r\nz"));
    c.add(Case.of("custom reason", "HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("no reason", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("empty reason", "HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("unknown status", "HTTP/1.1 599 Odd\r\nContent-Length: 1\r\n\r\nq"));
    c.add(Case.of("optional whitespace", OK + "X-A:   spaced  \r\nX-B:\ttab\tinside\t\r\nX-Empty:\r\nX-Empty2:   \r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("name case kept", OK + "content-length: 2\r\nCONTENT-TYPE: a/b\r\nx-custom: 1\r\nDate: d\r\n\r\nhi"));
    c.add(Case.of("leading zeros in length", OK + "X-Before: 1\r\nContent-Length: 003\r\nX-After: 2\r\n\r\nabc"));
    c.add(Case.of("gzip then chunked", OK + "Transfer-Encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"));
    c.add(Case.of("chunked in capitals", OK + "Transfer-Encoding: Chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"));
    c.add(Case.of("chunked over two fields", OK + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"));
    c.add(Case.of("set-cookie repeated", OK + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nset-cookie: c=3\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("obs-fold", OK + "X-Folded: first\r\n  second\r\n\tthird\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("space before colon", OK + "Server : spaced\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"));
    c.add(Case.of("many small chunks", OK + "Transfer-Encoding: chunked\r\n\r\n" + "1\r\nx\r\n".repeat(40) + "0\r\n\r\n"));
    c.add(Case.of("large body", OK + "Content-Length: 150000\r\n\r\n" + "b".repeat(150000)));
    c.add(Case.of("large chunk", OK + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(70000) + "\r\n" + "c".repeat(70000) + "\r\n0\r\n\r\n"));
    c.add(Case.of("connect then tunnel", "HTTP/1.1 200 Connection Established\r\n\r\nraw tunnel bytes", HttpMethod.CONNECT));
    c.add(Case.of("101 to h2c", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\nPRI * frames"));
    c.add(Case.of("common names", OK + "Date: a\r\nServer: b\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nLast-Modified: c\r\n"
        + "Accept-Ranges: bytes\r\nCache-Control: no-cache\r\nContent-Encoding: gzip\r\nExpires: 0\r\nLocation: /x\r\nVary: *\r\n"
        + "Age: 1\r\nVia: 1.1 p\r\nAccess-Control-Allow-Origin: *\r\nEtag: \"e\"\r\nContent-Length: 0\r\n\r\n"));
    return c;
  }

  private static List<Case> malformed() {
    List<Case> c = new ArrayList<>();
    c.add(Case.of("bare LF after status", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("bare LF after field", OK + "Content-Length: 0\n\r\n"));
    c.add(Case.of("bare LF ending head", OK + "Content-Length: 0\r\n\n"));
    c.add(Case.of("length and chunked", OK + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    c.add(Case.of("duplicate length", OK + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"));
    c.add(Case.of("length list", OK + "Content-Length: 5, 5\r\n\r\nhello"));
    c.add(Case.of("negative length", OK + "Content-Length: -1\r\n\r\n"));
    c.add(Case.of("signed length", OK + "Content-Length: +5\r\n\r\nhello"));
    c.add(Case.of("text length", OK + "Content-Length: five\r\n\r\n"));
    c.add(Case.of("huge length", OK + "Content-Length: 99999999999999999999\r\n\r\n"));
    c.add(Case.of("chunked in 1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    c.add(Case.of("chunked not last", OK + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"));
    c.add(Case.of("chunked twice", OK + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    c.add(Case.of("chunk size not hex", OK + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"));
    c.add(Case.of("chunk size overflow", OK + "Transfer-Encoding: chunked\r\n\r\nfffffffffff\r\n"));
    c.add(Case.of("chunk size trailing space", OK + "Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n"));
    c.add(Case.of("empty chunk size", OK + "Transfer-Encoding: chunked\r\n\r\n;a\r\n"));
    c.add(Case.of("chunk without CRLF", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n"));
    c.add(Case.of("unterminated quoted extension", OK + "Transfer-Encoding: chunked\r\n\r\n5;a=\"open\r\nhello\r\n0\r\n\r\n"));
    c.add(Case.of("chunk size line LF only", OK + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"));
    c.add(Case.of("invalid name", OK + "Bad@Name: x\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("no colon", OK + "NoColon\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("empty name", OK + ": value\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("fold without field", OK + " folded: x\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("NUL in value", OK + "X-A: a\u0000b\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("DEL in value", OK + "X-A: a\u007fb\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("CR in value", OK + "X-A: a\rb\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("control in value", OK + "X-A: a\u0001b\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("status not a number", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"));
    c.add(Case.of("status line too long", "HTTP/1.1 200 " + "r".repeat(9000) + "\r\n\r\n"));
    c.add(Case.of("head too large", OK + manyHeaders(3000) + "\r\n"));
    c.add(Case.of("chunk line too long", OK + "Transfer-Encoding: chunked\r\n\r\n5;" + "a".repeat(9000) + "\r\nhello\r\n0\r\n\r\n"));
    c.add(Case.of("invalid trailer name", OK + "Transfer-Encoding: chunked\r\n\r\n0\r\nBad@: x\r\n\r\n"));
    c.add(Case.of("bare LF in trailer", OK + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: y\n\r\n"));
    return c;
  }

  private static String manyHeaders(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("X-Header-").append(i).append(": value-").append(i).append("\r\n");
    }
    return sb.toString();
  }

  private static ChannelHandler netty() {
    return new HttpClientCodec(CONFIG, false, false);
  }

  // ---- decoding ----------------------------------------------------------------------------

  @Test
  void decodesEveryValidResponseLikeNettyWholeAndSplitAtEveryByte() {
    for (Case c : valid()) {
      String expected = transcript(UpstreamCodecTest::netty, c, List.of(c.bytes()));
      assertThat(expected).as(c.name()).doesNotContain("FAIL");
      assertThat(transcript(UpstreamCodec::new, c, List.of(c.bytes()))).as(c.name()).isEqualTo(expected);
      int step = c.bytes().length > 4096 ? 997 : 1;
      for (int at = 1; at < c.bytes().length; at += step) {
        List<byte[]> parts = List.of(slice(c.bytes(), 0, at), slice(c.bytes(), at, c.bytes().length));
        assertThat(transcript(UpstreamCodec::new, c, parts)).as(c.name() + " split at " + at).isEqualTo(expected);
      }
    }
  }

  /**
   * Seeded single-byte mutations of both corpora. Where Netty fails, so must we; where both
   * succeed, the messages must match. We may fail where Netty is lenient (a space inside a field
   * name, a line without a colon, "0200" as a status, a bare CR in the status line): a proxy
   * should not guess at such heads.
   */
  @Test
  void mutatedResponsesDecodeLikeNettyOrFailWhereNettyGuesses() {
    java.util.Random random = new java.util.Random(42);
    byte[] alphabet = " \t\r\n:,;0aZ\u0000\u007f\u0080\"-=".getBytes(StandardCharsets.ISO_8859_1);
    List<Case> corpus = new ArrayList<>(valid());
    corpus.addAll(malformed());
    List<String> diffs = new ArrayList<>();
    int stricter = 0;
    for (Case c : corpus) {
      if (c.bytes().length > 4096) {
        continue;
      }
      for (int round = 0; round < 200; round++) {
        byte[] b = c.bytes().clone();
        int at = random.nextInt(b.length);
        switch (random.nextInt(3)) {
          case 0 -> b[at] = alphabet[random.nextInt(alphabet.length)];
          case 1 -> b = concat(slice(b, 0, at), slice(b, at + 1, b.length));
          default -> b = concat(concat(slice(b, 0, at), new byte[] {alphabet[random.nextInt(alphabet.length)]}), slice(b, at, b.length));
        }
        Case m = new Case(c.name() + " mutated", b, c.methods());
        String expected = transcript(UpstreamCodecTest::netty, m, List.of(b));
        String actual = transcript(UpstreamCodec::new, m, List.of(b));
        if (expected.equals(actual)) {
          continue;
        }
        boolean bothFail = actual.contains("FAIL") && expected.contains("FAIL");
        if (bothFail) {
          continue;
        }
        if (actual.contains("FAIL") && expected.startsWith(actual.substring(0, actual.indexOf("FAIL")))) {
          stricter++;
        } else {
          diffs.add(new String(b, StandardCharsets.ISO_8859_1) + "\n==netty\n" + expected + "\n==ours\n" + actual);
        }
      }
    }
    assertThat(diffs).isEmpty();
    assertThat(stricter).as("mutations only we reject").isLessThan(1500);
  }

  @Test
  void rejectsHeadsNettyWouldGuessAt() {
    List<String> heads = List.of(
        OK + "Server x\r\nContent-Length: 0\r\n\r\n",
        OK + "Bad Name: x\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 0200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200\rX\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 O\u0000K\r\nContent-Length: 0\r\n\r\n");
    for (String head : heads) {
      Case c = Case.of(head, head);
      assertThat(transcript(UpstreamCodecTest::netty, c, List.of(c.bytes()))).as("netty: " + head).doesNotContain("FAIL");
      assertThat(transcript(UpstreamCodec::new, c, List.of(c.bytes()))).as(head).startsWith("FAIL");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void decodesByteByByteLikeNetty() {
    for (Case c : valid()) {
      if (c.bytes().length > 4096) {
        continue;
      }
      List<byte[]> parts = new ArrayList<>();
      for (int i = 0; i < c.bytes().length; i++) {
        parts.add(slice(c.bytes(), i, i + 1));
      }
      assertThat(transcript(UpstreamCodec::new, c, parts))
          .as(c.name())
          .isEqualTo(transcript(UpstreamCodecTest::netty, c, List.of(c.bytes())));
    }
  }

  @Test
  void rejectsEveryResponseNettyRejectsWholeAndSplit() {
    for (Case c : malformed()) {
      assertThat(transcript(UpstreamCodecTest::netty, c, List.of(c.bytes()))).as("netty: " + c.name()).contains("FAIL");
      assertThat(transcript(UpstreamCodec::new, c, List.of(c.bytes()))).as(c.name()).contains("FAIL");
      int step = c.bytes().length > 4096 ? 997 : 1;
      for (int at = 1; at < c.bytes().length; at += step) {
        List<byte[]> parts = List.of(slice(c.bytes(), 0, at), slice(c.bytes(), at, c.bytes().length));
        assertThat(transcript(UpstreamCodec::new, c, parts)).as(c.name() + " split at " + at).contains("FAIL");
      }
    }
  }

  @Test
  void discardsWhatFollowsAMalformedResponse() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, HttpMethod.GET);
    request(ch, HttpMethod.GET);
    ch.writeInbound(bytes(OK + "Content-Length: x\r\n\r\n" + OK + "Content-Length: 0\r\n\r\n"));
    HttpResponse bad = ch.readInbound();
    assertThat(bad.decoderResult().isFailure()).isTrue();
    ch.writeInbound(bytes(OK + "Content-Length: 0\r\n\r\n"));
    Object after = ch.readInbound();
    assertThat(after).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void failsAnIncompleteHeadAtItsFirstBadLineWithoutWaitingForTheRest() {
    Map<String, String> cases = Map.of(
        "another protocol", "SSH-2.0-OpenSSH_9.6",
        "a bad status line", "HTTP/1.1 2x0 OK\r\n",
        "a bad header name", OK + "Content-Type: text/plain\r\nBad Header: x\r\n",
        "a control character in a value", OK + "X-A: a\u0001b\r\n",
        "a fold on the first field", OK + " folded\r\n");
    cases.forEach((name, part) -> {
      EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
      request(ch, HttpMethod.GET);
      ch.writeInbound(bytes(part));
      HttpResponse failed = ch.readInbound();
      assertThat(failed).as(name).isNotNull();
      assertThat(failed.decoderResult().isFailure()).as(name).isTrue();
      ch.finishAndReleaseAll();
    });
  }

  @Test
  void waitsForTheRestOfAnIncompleteHeadThatIsFineSoFar() {
    for (String part : List.of("H", "HTTP/1.", "HTTP/1.1 200 O", OK + "Content-Type: text/plain\r\n",
        OK + "X-A: a\r\n folded\r\nX-B: b")) {
      EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
      request(ch, HttpMethod.GET);
      ch.writeInbound(bytes(part));
      assertThat((Object) ch.readInbound()).as(part).isNull();
      ch.writeInbound(bytes(part.startsWith(OK) ? "\r\n\r\n" : ""));
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void reportsAHeadCutShortByTheConnectionClosing() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, HttpMethod.GET);
    ch.writeInbound(bytes(OK + "Content-Type: text"));
    ch.finish();
    HttpResponse failed = ch.readInbound();
    assertThat(failed.decoderResult().isFailure()).isTrue();
    ch.finishAndReleaseAll();
  }

  @Test
  void endsABodyCutShortWithoutALastContent() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, HttpMethod.GET);
    ch.writeInbound(bytes(OK + "Content-Length: 10\r\n\r\nabc"));
    ch.finish();
    List<Object> got = drain(ch);
    assertThat(got).hasSize(2);
    assertThat(got.get(1)).isNotInstanceOf(LastHttpContent.class);
    got.forEach(ReferenceCountUtil::release);
  }

  @Test
  void handsBufferedBytesOnRawWhenRemovedAfterA101() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast("codec", new UpstreamCodec()).addLast(new RemoveCodecOn101());
    request(ch, HttpMethod.GET);
    ch.writeInbound(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: x\r\n\r\nframe"));
    assertThat(ch.pipeline().get("codec")).isNull();
    HttpResponse head = ch.readInbound();
    assertThat(head.status().code()).isEqualTo(101);
    Object next = ch.readInbound();
    if (next instanceof LastHttpContent last) {
      last.release();
      next = ch.readInbound();
    }
    ByteBuf raw = (ByteBuf) next;
    assertThat(raw.toString(StandardCharsets.ISO_8859_1)).isEqualTo("frame");
    raw.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void bodiesAreSlicesOfTheReadBufferNotCopies() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, HttpMethod.GET);
    ByteBuf in = Unpooled.directBuffer().writeBytes((OK + "Content-Length: 10\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
    ch.writeInbound(in);
    HttpResponse head = ch.readInbound();
    assertThat(head).isNotInstanceOf(LastHttpContent.class);
    assertThat(head.headers().get("content-length")).isEqualTo("10");
    HttpContent first = ch.readInbound();
    assertThat(first.content().unwrap()).isNotNull();
    assertThat(first.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    first.release();
    ch.writeInbound(Unpooled.directBuffer().writeBytes("world".getBytes(StandardCharsets.US_ASCII)));
    LastHttpContent rest = ch.readInbound();
    assertThat(rest.content().unwrap()).isNotNull();
    assertThat(rest.content().toString(StandardCharsets.US_ASCII)).isEqualTo("world");
    rest.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void aResponseWhoseWholeBodyIsInOneReadComesAsOneMessageSlicedFromIt() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, HttpMethod.GET);
    ByteBuf in = Unpooled.directBuffer().writeBytes((OK + "Content-Length: 5\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
    ch.writeInbound(in);
    FullHttpResponse whole = ch.readInbound();
    assertThat(whole.headers().get("content-length")).isEqualTo("5");
    assertThat(whole.content().unwrap()).isNotNull();
    assertThat(whole.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat((Object) ch.readInbound()).isNull();
    whole.release();
    ch.finishAndReleaseAll();
  }

  private static HttpResponse decodeOne(HttpMethod method, String response) {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, method);
    ch.writeInbound(Unpooled.directBuffer().writeBytes(response.getBytes(StandardCharsets.ISO_8859_1)));
    HttpResponse head = ch.readInbound();
    ch.finishAndReleaseAll();
    // Only the head is looked at; a raw head's fields are in its own array, not in the body.
    io.netty.util.ReferenceCountUtil.release(head);
    return head;
  }

  private static String fieldLines(HttpHeaders headers) {
    StringBuilder out = new StringBuilder();
    headers.iteratorCharSequence().forEachRemaining(e -> out.append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
    return out.toString();
  }

  @Test
  void aPlainWholeResponseStaysRawAndItsMapIsTheOneTheGeneralPathBuilds() {
    String fields = "Server: nginx\r\nConnection: keep-alive\r\nContent-Length: 5\r\nKeep-Alive: timeout=5\r\n"
        + "ETag: \"x\"\r\nX-Empty: \r\nproxy-connection: close\r\nTE: trailers\r\n";
    // The same head with a last field spelled "name:value" takes the general path.
    String odd = "X-Odd:1\r\n";
    assertThat(decodeOne(HttpMethod.GET, OK + fields + odd + "\r\nhello")).isNotInstanceOf(RawResponse.class);

    RawResponse raw = (RawResponse) decodeOne(HttpMethod.GET, OK + fields + "\r\nhello");
    HttpHeaders general = decodeOne(HttpMethod.GET, OK + fields + odd + "\r\nhello").headers();
    general.remove("x-odd");
    assertThat(raw.isKeepAlive()).isTrue();
    assertThat(fieldLines(raw.headers())).isEqualTo(fieldLines(general));

    RawResponse edited = (RawResponse) decodeOne(HttpMethod.GET, OK + fields + "\r\nhello");
    edited.dropHopByHop();
    edited.add(HttpHeaderNames.VIA, "1.1 causeway");
    ForwardedHeaders.stripHopByHop(general);
    general.set(HttpHeaderNames.VIA, "1.1 causeway");
    assertThat(fieldLines(edited.headers())).isEqualTo(fieldLines(general))
        .doesNotContainIgnoringCase("keep-alive").doesNotContainIgnoringCase("te:");
  }

  @Test
  void headsTheProxyMustMergeOrFrameDifferentlyTakeTheGeneralPath() {
    String body = "Content-Length: 2\r\n\r\nok";
    assertThat(decodeOne(HttpMethod.GET, OK + body)).isInstanceOf(RawResponse.class);
    for (String head : List.of(
        OK + "Via: 1.1 other\r\n" + body,
        OK + "X-Causeway-Request-Id: abc\r\n" + body,
        OK + "Connection: close, x-secret\r\nX-Secret: s\r\n" + body,
        OK + "Connection: upgrade\r\n" + body,
        OK + "X-A: b \r\n" + body,
        OK + "X-A:  b\r\n" + body,
        OK + "X-A : b\r\n" + body,
        OK + "X-A: b\r\n c\r\n" + body,
        OK + "Content-Length: 2\r\n" + body,
        OK + "Content-Length: 3\r\n\r\nok",
        "HTTP/1.1 204 No Content\r\n" + body,
        "HTTP/1.1 304 Not Modified\r\n" + body,
        "HTTP/1.1 200\r\n" + body)) {
      HttpResponse r = decodeOne(HttpMethod.GET, head);
      assertThat(r).as(head).isNotInstanceOf(RawResponse.class);
    }
    assertThat(decodeOne(HttpMethod.HEAD, OK + body)).isNotInstanceOf(RawResponse.class);
    assertThat(((RawResponse) decodeOne(HttpMethod.GET, OK + "Connection: Close\r\n" + body)).isKeepAlive()).isFalse();
    assertThat(((RawResponse) decodeOne(HttpMethod.GET, "HTTP/1.0 200 OK\r\n" + body)).isKeepAlive()).isFalse();
    assertThat(((RawResponse) decodeOne(HttpMethod.GET, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n" + body)).isKeepAlive()).isTrue();
  }

  private static final class RemoveCodecOn101 extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean upgrade = msg instanceof HttpResponse r && r.status().code() == 101;
      ctx.fireChannelRead(msg);
      if (upgrade && ctx.pipeline().get("codec") != null) {
        ctx.pipeline().remove("codec");
      }
    }
  }

  /**
   * What a codec makes of the bytes, as text: each head (version, status, reason, fields with
   * names in lower case), the body bytes of each message joined, trailers, raw bytes after an
   * upgrade, and FAIL at the first failed decoder result (after which both discard).
   */
  private static String transcript(Supplier<ChannelHandler> codec, Case c, List<byte[]> parts) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast("codec", codec.get()).addLast(new RemoveCodecOn101());
    for (HttpMethod m : c.methods()) {
      request(ch, m);
    }
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    boolean[] failed = {false};
    for (byte[] part : parts) {
      ch.writeInbound(Unpooled.wrappedBuffer(part));
      collect(ch, out, body, raw, failed);
    }
    ch.finish();
    collect(ch, out, body, raw, failed);
    flushBody(out, body);
    // Raw bytes after an upgrade may overtake the empty end of the 101 depending on the split.
    out.append("RAW ").append(raw.toString(StandardCharsets.ISO_8859_1));
    ch.finishAndReleaseAll();
    return out.toString();
  }

  private static void collect(
      EmbeddedChannel ch, StringBuilder out, ByteArrayOutputStream body, ByteArrayOutputStream raw, boolean[] failed) {
    for (Object msg; (msg = ch.readInbound()) != null; ) {
      try {
        if (failed[0]) {
          continue;
        }
        if (msg instanceof HttpResponse r) {
          if (r.decoderResult().isFailure()) {
            failed[0] = true;
            out.append("FAIL\n");
            continue;
          }
          flushBody(out, body);
          out.append("HEAD ").append(r.protocolVersion()).append(' ').append(r.status().code())
              .append(" [").append(r.status().reasonPhrase()).append("]\n");
          fields(out, r.headers());
        }
        if (msg instanceof HttpContent content) {
          if (content.decoderResult().isFailure()) {
            failed[0] = true;
            out.append("FAIL\n");
            continue;
          }
          ByteBuf b = content.content();
          body.write(bytesOf(b), 0, b.readableBytes());
          if (content instanceof LastHttpContent last) {
            flushBody(out, body);
            out.append("LAST\n");
            fields(out, last.trailingHeaders());
          }
        } else if (msg instanceof ByteBuf b) {
          raw.write(bytesOf(b), 0, b.readableBytes());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  private static void fields(StringBuilder out, HttpHeaders headers) {
    for (Map.Entry<CharSequence, CharSequence> e : (Iterable<Map.Entry<CharSequence, CharSequence>>) headers::iteratorCharSequence) {
      out.append("  ").append(AsciiString.of(e.getKey()).toLowerCase()).append(": ").append(e.getValue()).append('\n');
    }
  }

  private static void flushBody(StringBuilder out, ByteArrayOutputStream body) {
    if (body.size() > 0) {
      out.append("BODY ").append(body.toString(StandardCharsets.ISO_8859_1)).append('\n');
      body.reset();
    }
  }

  // ---- encoding ----------------------------------------------------------------------------

  @Test
  void encodesRequestsByteForByteLikeNetty() {
    List<Supplier<List<Object>>> corpus = new ArrayList<>(requestCorpus());
    // Not ASCII: these do not survive a decode, but must be written as Netty writes them.
    corpus.add(() -> List.of(full(HttpMethod.GET, "/caf\u00e9/\u4e2d", "", h -> h.add("Host", "a"))));
    corpus.add(() -> List.of(full(HttpMethod.GET, "/ascii", "", h -> h.add("Host", "a").add("X-Latin", "caf\u00e9 \u4e2d")
        .add(AsciiString.of("x-raw"), new AsciiString(new byte[] {'o', (byte) 0xe9, (byte) 0xff})))));
    for (Supplier<List<Object>> requests : corpus) {
      assertThat(encode(new UpstreamCodec(), requests.get())).isEqualTo(encode(netty(), requests.get()));
    }
  }

  @Test
  void encodedRequestsDecodeBackToTheOriginal() {
    for (Supplier<List<Object>> requests : requestCorpus()) {
      List<Object> original = requests.get();
      String expected = describe(original);
      byte[] wire = encode(new UpstreamCodec(), original);
      EmbeddedChannel server = new EmbeddedChannel(
          new HttpRequestDecoder(new HttpDecoderConfig().setMaxHeaderSize(65536)), new HttpObjectAggregator(1 << 20));
      server.writeInbound(Unpooled.wrappedBuffer(wire));
      List<Object> decoded = drain(server);
      assertThat(describe(decoded)).isEqualTo(expected);
      decoded.forEach(ReferenceCountUtil::release);
      server.finishAndReleaseAll();
    }
  }

  @Test
  void tellsTheDecoderAResponseToHeadHasNoBody() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamCodec());
    request(ch, HttpMethod.HEAD);
    ch.writeInbound(bytes(OK + "Content-Length: 10\r\n\r\n" + OK + "Content-Length: 0\r\n\r\n"));
    List<Object> got = drain(ch);
    assertThat(got).hasSize(4);
    assertThat(got.get(1)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
    got.forEach(ReferenceCountUtil::release);
    ch.finishAndReleaseAll();
  }

  private static List<Supplier<List<Object>>> requestCorpus() {
    return List.of(
        () -> List.of(full(HttpMethod.GET, "/path?q=1", "", h -> h.add("Host", "example").add(AsciiString.of("x-ascii"), AsciiString.of("v")))),
        () -> List.of(full(HttpMethod.OPTIONS, "/" + "long".repeat(400), "", h -> {
          for (int i = 0; i < 60; i++) {
            h.add("X-Many-" + i, "value-".repeat(i) + i);
          }
        })),
        () -> List.of(full(HttpMethod.POST, "/upload", "small body", h -> h.add("Host", "a").add("Content-Length", "10"))),
        () -> List.of(full(HttpMethod.PUT, "/big", "z".repeat(5000), h -> h.add("Host", "a").add("Content-Length", "5000"))),
        () -> List.of(full(HttpMethod.GET, "", "", h -> h.add("Host", "a"))),
        () -> List.of(full(HttpMethod.GET, "http://example.com", "", h -> h.add("Host", "example.com"))),
        () -> List.of(full(HttpMethod.GET, "http://example.com?x=1", "", h -> h.add("Host", "example.com"))),
        () -> {
          HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/stream");
          head.headers().add("Host", "a").add("Transfer-Encoding", "chunked");
          LastHttpContent last = new DefaultLastHttpContent(Unpooled.copiedBuffer("end", StandardCharsets.US_ASCII));
          last.trailingHeaders().add("X-Checksum", "abc");
          return List.of(head, new DefaultHttpContent(Unpooled.copiedBuffer("part one ", StandardCharsets.US_ASCII)),
              new DefaultHttpContent(Unpooled.EMPTY_BUFFER), last);
        },
        () -> {
          HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/stream");
          head.headers().add("Host", "a").add("Transfer-Encoding", "chunked");
          return List.of(head, new DefaultHttpContent(Unpooled.copiedBuffer("x".repeat(300), StandardCharsets.US_ASCII)),
              LastHttpContent.EMPTY_LAST_CONTENT);
        },
        () -> {
          HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/fixed");
          head.headers().add("Host", "a").add("Content-Length", "6");
          return List.of(head, new DefaultHttpContent(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)),
              new DefaultLastHttpContent(Unpooled.copiedBuffer("def", StandardCharsets.US_ASCII)));
        },
        () -> {
          FullHttpRequest r = full(HttpMethod.POST, "/h2", "body", h -> h.add("Host", "a").add("Transfer-Encoding", "chunked"));
          r.trailingHeaders().add("grpc-status", "0");
          return List.of(r);
        },
        () -> List.of(
            full(HttpMethod.GET, "/one", "", h -> h.add("Host", "a")),
            full(HttpMethod.HEAD, "/two", "", h -> h.add("Host", "a").add("Accept", "*/*"))));
  }

  private interface Fields {
    void fill(HttpHeaders h);
  }

  private static FullHttpRequest full(HttpMethod method, String uri, String body, Fields fields) {
    FullHttpRequest r = new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
    fields.fill(r.headers());
    return r;
  }

  private static byte[] encode(ChannelHandler codec, List<Object> messages) {
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    for (Object m : messages) {
      ch.writeOutbound(m);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      out.write(bytesOf(b), 0, b.readableBytes());
      b.release();
    }
    ch.finishAndReleaseAll();
    return out.toByteArray();
  }

  private static String describe(List<Object> messages) {
    StringBuilder sb = new StringBuilder();
    for (Object m : messages) {
      if (m instanceof HttpRequest r) {
        String uri = r.uri().isEmpty() ? "/" : r.uri();
        if (uri.startsWith("http://") && uri.indexOf('/', 7) < 0) {
          int q = uri.indexOf('?');
          uri = q < 0 ? uri + "/" : uri.substring(0, q) + "/" + uri.substring(q);
        }
        sb.append(r.method()).append(' ').append(uri).append(' ').append(r.protocolVersion()).append('\n');
        fieldsExceptLength(sb, r.headers());
      }
      if (m instanceof HttpContent c) {
        sb.append(c.content().toString(StandardCharsets.ISO_8859_1));
        if (m instanceof LastHttpContent last) {
          sb.append("\n--\n");
          fieldsExceptLength(sb, last.trailingHeaders());
        }
      }
    }
    return sb.toString();
  }

  /** The aggregator rewrites the framing fields; everything else must survive. */
  private static void fieldsExceptLength(StringBuilder sb, HttpHeaders headers) {
    for (Map.Entry<String, String> e : headers) {
      String name = e.getKey().toLowerCase();
      if (!name.equals("content-length") && !name.equals("transfer-encoding")) {
        sb.append(name).append(": ").append(e.getValue()).append('\n');
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static void request(EmbeddedChannel ch, HttpMethod method) {
    ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ReferenceCountUtil.release(o);
    }
  }

  private static List<Object> drain(EmbeddedChannel ch) {
    List<Object> got = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      got.add(o);
    }
    return got;
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] bytesOf(ByteBuf b) {
    byte[] a = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), a);
    return a;
  }

  private static byte[] slice(byte[] a, int from, int to) {
    return java.util.Arrays.copyOfRange(a, from, to);
  }
}
