package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The strict HTTP/1 request decoder: one pass over each request head, refusing everything a back
 * end could frame differently than we do (RFC 9112 §2.2, §5.2, §6.1, §6.3, §7.1; RFC 9110 §5.5,
 * §5.6.2): bare CR or LF, obs-fold, whitespace before a colon, names outside the token grammar,
 * control characters in values, Content-Length with Transfer-Encoding, a coding other than exactly
 * {@code chunked}, a bad or repeated Content-Length, a missing or repeated Host, names that read as
 * a framing header once {@code _} is taken for {@code -}, request targets with anything but visible
 * ASCII, and malformed chunk sizes. A refusal is a {@link RequestGuard.Rejection} emitted in order
 * after the requests decoded before it; after it every byte is dropped.
 *
 * <p>It emits what {@code HttpServerCodec}'s decoder emits: an {@link HttpRequest} whose headers
 * are not validated again (names are shared constants or copies, values views over one copy of
 * the head), body pieces as retained slices of the read buffers, then a {@link LastHttpContent}.
 * Only the first bytes of a cleartext connection are compared with the HTTP/2 preface.
 * Confined to its event loop.
 */
final class Http1RequestDecoder extends ByteToMessageDecoder {

  /** The hooks of the codec around it: timeouts, the HEAD queue, h2c. */
  interface Hooks {
    /** A request head was decoded (before it is passed on); false refuses it. */
    boolean requestDecoded(ChannelHandlerContext ctx, HttpRequest request);

    /** The client opened with the HTTP/2 preface; the decoder is removed right after. */
    void priorKnowledge(ChannelHandlerContext ctx);
  }

  private enum State { PREFACE, HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, REFUSED }

  private static final HttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);
  private static final HttpHeadersFactory TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withValidation(false);
  private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
  private static final int MAX_CHUNK_LINE = 4096;

  /** RFC 9110 §5.6.2 tchar. */
  private static final boolean[] TOKEN = new boolean[256];
  /** RFC 9110 §5.5 field-vchar, SP and HTAB (obs-text allowed); no CTL, no DEL. */
  private static final boolean[] FIELD = new boolean[256];

  static {
    for (int c = 0; c < 256; c++) {
      TOKEN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || (c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
      FIELD[c] = c == '\t' || (c >= 0x20 && c != 0x7f);
    }
  }

  private final int maxInitialLine;
  private final int maxHeaderSize;
  private final Hooks hooks;
  private State state;
  /** Bytes of the head (or trailer section) already searched for its end, from the reader index. */
  private int scanned;
  /** Where the line being searched starts, from the reader index. */
  private int lineOffset;
  private int firstLineEnd = -1;
  private long remaining;

  // The framing of the head being parsed.
  private int contentLengths;
  private long contentLength;
  private boolean badContentLength;
  private int transferEncodings;
  private boolean chunked;
  private int hosts;

  Http1RequestDecoder(ProxyLimits limits, boolean detectPreface, Hooks hooks) {
    this.maxInitialLine = limits.maxInitialLineLength();
    this.maxHeaderSize = limits.maxHeaderSize();
    this.hooks = hooks;
    this.state = detectPreface ? State.PREFACE : State.HEAD;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case PREFACE -> preface(ctx, in, out);
      case HEAD -> head(ctx, in, out);
      case FIXED_BODY -> fixedBody(in, out);
      case CHUNK_SIZE -> chunkSize(in, out);
      case CHUNK_DATA -> chunkData(in, out);
      case CHUNK_DATA_END -> chunkDataEnd(in, out);
      case TRAILERS -> trailers(in, out);
      case REFUSED -> in.skipBytes(in.readableBytes());
    }
  }

  private void preface(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
        state = State.HEAD;
        head(ctx, in, out);
        return;
      }
    }
    if (n == PREFACE.length) {
      state = State.REFUSED;
      hooks.priorKnowledge(ctx);
    }
  }

  // ---- head ---------------------------------------------------------------------------------

  private void head(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (scanned == 0) {
      // RFC 9112 §2.2: empty lines before a request line are ignored.
      while (in.isReadable()) {
        byte b = in.getByte(in.readerIndex());
        if (b != '\r' && b != '\n') {
          break;
        }
        in.skipBytes(1);
      }
    }
    int length = headLength(in, true);
    if (length <= 0) {
      if (length < 0) {
        refuseTooLong(in, out, length);
      }
      return;
    }
    byte[] b = new byte[length];
    in.readBytes(b);
    scanned = 0;
    int lineEnd = firstLineEnd;
    firstLineEnd = -1;
    Object parsed = parseHead(b, lineEnd);
    if (parsed instanceof RequestGuard.Rejection rejection) {
      refuse(in, out, rejection);
      return;
    }
    HttpRequest request = (HttpRequest) parsed;
    if (!hooks.requestDecoded(ctx, request)) {
      refuse(in, out, HttpResponseStatus.BAD_REQUEST, "too many pipelined requests");
      return;
    }
    out.add(request);
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength > 0) {
      remaining = contentLength;
      state = State.FIXED_BODY;
    } else if (!(request instanceof LastHttpContent)) {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }

  /**
   * Finds the end of a head (or, without a request line, of a trailer section) from the reader
   * index: its length including the empty line, 0 while it is incomplete, -1 when the request line
   * is too long and -2 when the field section is. Each call searches only bytes not searched yet.
   */
  private int headLength(ByteBuf in, boolean requestLine) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int from = start + scanned;
    int lineStart = start + lineOffset;
    int sectionStart = requestLine ? start + firstLineEnd + 1 : start;
    while (true) {
      int lf = in.indexOf(from, end, (byte) '\n');
      if (lf < 0) {
        scanned = end - start;
        lineOffset = lineStart - start;
        if (requestLine && firstLineEnd < 0) {
          return scanned > maxInitialLine + 1 ? -1 : 0;
        }
        return end - sectionStart > maxHeaderSize + 2 ? -2 : 0;
      }
      if (requestLine && firstLineEnd < 0) {
        firstLineEnd = lf - start;
        if (firstLineEnd > maxInitialLine + 1) {
          return -1;
        }
        sectionStart = lf + 1;
      } else if (lf - sectionStart > maxHeaderSize + 2) {
        return -2;
      } else if (lf == lineStart || (lf == lineStart + 1 && in.getByte(lineStart) == '\r')) {
        scanned = 0;
        lineOffset = 0;
        return lf + 1 - start;
      }
      from = lf + 1;
      lineStart = from;
    }
  }

  private void refuseTooLong(ByteBuf in, List<Object> out, int code) {
    if (code == -1 && state == State.HEAD) {
      refuse(in, out, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
    } else {
      refuse(in, out, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields too large");
    }
  }

  /** Parses a complete head: {@code b} holds it up to and including the empty line. */
  private Object parseHead(byte[] b, int lineEnd) {
    int i = 0;
    while (TOKEN[b[i] & 0xff]) {
      i++;
    }
    if (i == 0 || b[i] != ' ') {
      return bad("bad request");
    }
    HttpMethod method = method(b, i);
    int targetStart = ++i;
    while (b[i] > 0x20 && b[i] < 0x7f) {
      i++;
    }
    if (b[i] != ' ' || i == targetStart) {
      return bad(i == targetStart || b[i] == '\r' || b[i] == '\n' ? "bad request" : "invalid request target");
    }
    String uri = new String(b, targetStart, i - targetStart, StandardCharsets.ISO_8859_1);
    i++;
    HttpVersion version = version(b, i, lineEnd);
    if (version == null) {
      return bad("bad request");
    }
    HttpHeaders headers = HEADERS.newHeaders();
    contentLengths = 0;
    contentLength = 0;
    badContentLength = false;
    transferEncodings = 0;
    chunked = false;
    hosts = 0;
    Object problem = parseFields(b, lineEnd + 1, headers, false);
    if (problem != null) {
      return problem;
    }
    if (transferEncodings > 0) {
      if (contentLengths > 0) {
        return bad("both Content-Length and Transfer-Encoding");
      }
      if (version == HttpVersion.HTTP_1_0) {
        return bad("Transfer-Encoding in an HTTP/1.0 request");
      }
      if (transferEncodings != 1 || !chunked) {
        // 400 rather than RFC 9112's 501 for an unknown coding: a list, a repeat or an obfuscated
        // spelling is exactly what a back end might read as chunked when we do not (TE.TE).
        return bad("unsupported Transfer-Encoding");
      }
    }
    if (contentLengths > 1) {
      return bad("repeated Content-Length");
    }
    if (badContentLength) {
      return bad("invalid Content-Length");
    }
    if (hosts > 1) {
      return bad("repeated Host");
    }
    if (hosts == 0 && version != HttpVersion.HTTP_1_0) {
      return bad("missing Host");
    }
    if (!chunked && contentLength <= 0 && !headers.contains(HttpHeaderNames.UPGRADE)) {
      // No body: the request is whole, one message through the pipeline and one write upstream.
      // Not for upgrades: Netty's h2c upgrade handler aggregates, so it lets whole messages pass.
      return new DefaultFullHttpRequest(
          version, method, uri, Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
    }
    return new DefaultHttpRequest(version, method, uri, headers);
  }

  /** "HTTP/1.1" or "HTTP/1.0" then CRLF at {@code lineEnd}; null for anything else. */
  private static HttpVersion version(byte[] b, int i, int lineEnd) {
    if (lineEnd - i != 9 || b[lineEnd - 1] != '\r'
        || b[i] != 'H' || b[i + 1] != 'T' || b[i + 2] != 'T' || b[i + 3] != 'P'
        || b[i + 4] != '/' || b[i + 5] != '1' || b[i + 6] != '.') {
      return null;
    }
    return switch (b[i + 7]) {
      case '1' -> HttpVersion.HTTP_1_1;
      case '0' -> HttpVersion.HTTP_1_0;
      default -> null;
    };
  }

  /**
   * Parses field lines from {@code i} to the empty line into {@code headers}; returns a rejection
   * or null. Trailers drop framing fields (RFC 9110 §6.5.1) and do not count toward framing.
   */
  private Object parseFields(byte[] b, int i, HttpHeaders headers, boolean trailers) {
    while (true) {
      byte first = b[i];
      if (first == '\r') {
        return b[i + 1] == '\n' ? null : bad("bad request");
      }
      if (first == ' ' || first == '\t') {
        return bad("obsolete line folding in headers");
      }
      int nameStart = i;
      while (TOKEN[b[i] & 0xff]) {
        i++;
      }
      if (i == nameStart || b[i] != ':') {
        return bad("bad request");
      }
      int nameEnd = i++;
      while (b[i] == ' ' || b[i] == '\t') {
        i++;
      }
      int valueStart = i;
      while (FIELD[b[i] & 0xff]) {
        i++;
      }
      if (b[i] != '\r' || b[i + 1] != '\n') {
        return bad("bad request");
      }
      int valueEnd = i;
      while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
        valueEnd--;
      }
      i += 2;
      AsciiString name = CommonNames.find(b, nameStart, nameEnd - nameStart);
      if (name == null) {
        name = new AsciiString(b, nameStart, nameEnd - nameStart, true);
        if (resemblesFramingHeader(b, nameStart, nameEnd)) {
          return bad("header name resembling " + name.toString().replace('_', '-'));
        }
      } else if (trailers) {
        if (name == HttpHeaderNames.CONTENT_LENGTH || name == HttpHeaderNames.TRANSFER_ENCODING
            || name == HttpHeaderNames.TRAILER) {
          continue;
        }
      } else if (name == HttpHeaderNames.CONTENT_LENGTH) {
        contentLengths++;
        contentLength = digits(b, valueStart, valueEnd);
        badContentLength |= contentLength < 0;
      } else if (name == HttpHeaderNames.TRANSFER_ENCODING) {
        transferEncodings++;
        chunked = equalsLowerCase(b, valueStart, valueEnd, HttpHeaderValues.CHUNKED);
      } else if (name == HttpHeaderNames.HOST) {
        hosts++;
      }
      headers.add(name, new AsciiString(b, valueStart, valueEnd - valueStart, false));
    }
  }

  /** Whether {@code b[from, to)} is {@code lower} in any case ({@code lower}: a-z, 0-9, '-'). */
  private static boolean equalsLowerCase(byte[] b, int from, int to, AsciiString lower) {
    int n = to - from;
    if (n != lower.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      // Setting 0x20 lower-cases letters and leaves digits and '-' alone; a CTL or another tchar
      // that would collide with them is not in a token or was refused before.
      if ((b[from + i] | 0x20) != lower.byteAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The request header names worth sharing, found by length and first letter: a shared constant
   * needs no copy, hashes once, and framing headers are then recognised by identity.
   */
  private static final class CommonNames {
    private static final int MAX = 32;
    private static final AsciiString[][] TABLE = new AsciiString[MAX * 32][];

    static {
      AsciiString[] names = {
        HttpHeaderNames.HOST, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING,
        HttpHeaderNames.CONNECTION, HttpHeaderNames.USER_AGENT, HttpHeaderNames.ACCEPT,
        HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderNames.ACCEPT_LANGUAGE, HttpHeaderNames.ACCEPT_CHARSET,
        HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.COOKIE, HttpHeaderNames.AUTHORIZATION,
        HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.PRAGMA, HttpHeaderNames.REFERER,
        HttpHeaderNames.ORIGIN, HttpHeaderNames.UPGRADE, AsciiString.cached("keep-alive"),
        HttpHeaderNames.EXPECT, HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.VIA,
        HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.IF_MODIFIED_SINCE, HttpHeaderNames.RANGE,
        HttpHeaderNames.DATE, HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.SEC_WEBSOCKET_KEY,
        HttpHeaderNames.SEC_WEBSOCKET_VERSION, HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
        HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, HttpHeaderNames.X_REQUESTED_WITH,
        HttpHeaderNames.PROXY_AUTHORIZATION, AsciiString.cached("proxy-connection"),
        AsciiString.cached("x-forwarded-for"), AsciiString.cached("x-forwarded-proto"),
        AsciiString.cached("x-forwarded-host"), AsciiString.cached("x-forwarded-port"),
        AsciiString.cached("x-real-ip"), AsciiString.cached("x-request-id"),
        AsciiString.cached("forwarded"), AsciiString.cached("http2-settings"),
      };
      for (AsciiString name : names) {
        int key = key(name.length(), name.byteAt(0));
        AsciiString[] old = TABLE[key];
        AsciiString[] grown = old == null ? new AsciiString[1] : java.util.Arrays.copyOf(old, old.length + 1);
        grown[grown.length - 1] = name;
        TABLE[key] = grown;
      }
    }

    private static int key(int length, byte first) {
      return length << 5 | (first | 0x20) & 31;
    }

    /** The shared constant spelling {@code b[from, from + n)} in any case, or null. */
    static AsciiString find(byte[] b, int from, int n) {
      if (n >= MAX) {
        return null;
      }
      AsciiString[] candidates = TABLE[key(n, b[from])];
      if (candidates == null) {
        return null;
      }
      for (AsciiString c : candidates) {
        if (equalsLowerCase(b, from, from + n, c)) {
          return c;
        }
      }
      return null;
    }
  }

  /** A decimal Content-Length of 1 to 18 digits, or -1. */
  private static long digits(byte[] b, int from, int to) {
    if (to == from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * {@code Transfer_Encoding} and {@code Content_Length} are valid tokens that we do not read as
   * framing, but CGI-style back ends map {@code _} to {@code -} and would (a TE.CL desync).
   */
  private static boolean resemblesFramingHeader(byte[] b, int from, int to) {
    int n = to - from;
    if (n != 14 && n != 17) {
      return false;
    }
    AsciiString target = n == 14 ? HttpHeaderNames.CONTENT_LENGTH : HttpHeaderNames.TRANSFER_ENCODING;
    boolean underscore = false;
    for (int i = 0; i < n; i++) {
      int c = b[from + i];
      int t = target.byteAt(i);
      if (c == '_' && t == '-') {
        underscore = true;
      } else if ((c | 0x20) != t) {
        return false;
      }
    }
    return underscore;
  }

  private static HttpMethod method(byte[] b, int n) {
    switch (n) {
      case 3 -> {
        if (b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
          return HttpMethod.GET;
        }
        if (b[0] == 'P' && b[1] == 'U' && b[2] == 'T') {
          return HttpMethod.PUT;
        }
      }
      case 4 -> {
        if (b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T') {
          return HttpMethod.POST;
        }
        if (b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D') {
          return HttpMethod.HEAD;
        }
      }
      default -> { }
    }
    return HttpMethod.valueOf(new String(b, 0, n, StandardCharsets.ISO_8859_1));
  }

  private static RequestGuard.Rejection bad(String message) {
    return new RequestGuard.Rejection(HttpResponseStatus.BAD_REQUEST, message);
  }

  private void refuse(ByteBuf in, List<Object> out, HttpResponseStatus status, String message) {
    refuse(in, out, new RequestGuard.Rejection(status, message));
  }

  private void refuse(ByteBuf in, List<Object> out, RequestGuard.Rejection rejection) {
    state = State.REFUSED;
    in.skipBytes(in.readableBytes());
    out.add(rejection);
  }

  // ---- body ---------------------------------------------------------------------------------

  private void fixedBody(ByteBuf in, List<Object> out) {
    int n = (int) Math.min(remaining, in.readableBytes());
    if (n == 0) {
      return;
    }
    ByteBuf piece = in.readRetainedSlice(n);
    remaining -= n;
    if (remaining == 0) {
      state = State.HEAD;
      out.add(new DefaultLastHttpContent(piece));
    } else {
      out.add(new DefaultHttpContent(piece));
    }
  }

  /** RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF, with hex digits only and no overflow. */
  private void chunkSize(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (lf < 0) {
      if (in.readableBytes() > MAX_CHUNK_LINE) {
        refuse(in, out, HttpResponseStatus.BAD_REQUEST, "bad request");
      }
      return;
    }
    int cr = lf - 1;
    long size = 0;
    int i = start;
    for (; i < cr; i++) {
      int d = Character.digit(in.getByte(i), 16);
      if (d < 0) {
        break;
      }
      if (size > (Long.MAX_VALUE >> 4)) {
        refuse(in, out, HttpResponseStatus.BAD_REQUEST, "bad request");
        return;
      }
      size = (size << 4) | d;
    }
    if (i == start || cr < start || in.getByte(cr) != '\r' || !validExtension(in, i, cr)) {
      refuse(in, out, HttpResponseStatus.BAD_REQUEST, "bad request");
      return;
    }
    in.readerIndex(lf + 1);
    if (size == 0) {
      state = State.TRAILERS;
      trailers(in, out);
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }

  /** Between the size and CR: nothing, or BWS then {@code ;} and extension text without CTLs. */
  private static boolean validExtension(ByteBuf in, int i, int cr) {
    while (i < cr && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
      i++;
    }
    if (i == cr) {
      return true;
    }
    if (in.getByte(i) != ';') {
      return false;
    }
    for (i++; i < cr; i++) {
      if (!FIELD[in.getByte(i) & 0xff]) {
        return false;
      }
    }
    return true;
  }

  private void chunkData(ByteBuf in, List<Object> out) {
    int n = (int) Math.min(remaining, in.readableBytes());
    if (n == 0) {
      return;
    }
    out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
    remaining -= n;
    if (remaining == 0) {
      state = State.CHUNK_DATA_END;
    }
  }

  private void chunkDataEnd(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 2) {
      return;
    }
    if (in.readByte() != '\r' || in.readByte() != '\n') {
      refuse(in, out, HttpResponseStatus.BAD_REQUEST, "bad request");
      return;
    }
    state = State.CHUNK_SIZE;
  }

  private void trailers(ByteBuf in, List<Object> out) {
    if (in.readableBytes() >= 2 && in.getByte(in.readerIndex()) == '\r' && in.getByte(in.readerIndex() + 1) == '\n') {
      in.skipBytes(2);
      state = State.HEAD;
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    int length = headLength(in, false);
    if (length <= 0) {
      if (length < 0) {
        refuse(in, out, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields too large");
      }
      return;
    }
    byte[] b = new byte[length];
    in.readBytes(b);
    HttpHeaders trailers = TRAILERS.newHeaders();
    Object problem = parseFields(b, 0, trailers, true);
    if (problem instanceof RequestGuard.Rejection rejection) {
      refuse(in, out, rejection);
      return;
    }
    state = State.HEAD;
    out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
  }
}
