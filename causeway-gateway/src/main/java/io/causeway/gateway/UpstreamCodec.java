package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidChunkTerminationException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The HTTP/1.1 codec of an upstream connection: a drop-in for {@code new HttpClientCodec(config,
 * false, false)} with the gateway's strict decoder config (initial line 8192, head 65536, chunk
 * 65536, validated headers, no duplicate Content-Length, strict CRLF, RFC 9112 Transfer-Encoding).
 * It emits and accepts the same messages, so the exchange cannot tell them apart, but finds the
 * end of a response head first and then parses a single copy of it: header values are {@link
 * AsciiString} views over that copy, common names are shared constants (in the case they came
 * in), and validation is a table lookup per byte. Bodies are retained slices of the read buffer.
 * A request head is laid out in a per-thread array and copied into its buffer once. The common
 * response (see {@link #rawIfPlain}) goes on as a {@link RawResponse}, whose map is only built if
 * something asks for it; it reads the same either way.
 *
 * <p>Where Netty is lenient in ways no sane origin relies on, this codec fails the response
 * instead: versions other than HTTP/1.0 and 1.1; status codes not of three digits or below 100;
 * anything but whitespace between a field name and its colon, or a line with no colon (Netty
 * keeps "Server x" as an empty field); control characters, a bare CR included, in the status
 * line; repeated Content-Length in HTTP/1.0; folded trailer lines (which Netty drops). A head
 * that is malformed but never ends fails when it ends, hits its size limit or the connection
 * closes, where Netty fails at the first bad line.
 *
 * <p>Confined to the channel's event loop, like every handler. Removing it (after a 101) hands
 * the bytes it has buffered on as a raw {@link ByteBuf}, as {@link ByteToMessageDecoder} does.
 */
final class UpstreamCodec extends ByteToMessageDecoder implements ChannelOutboundHandler {

  static final int MAX_INITIAL_LINE = 8192;
  static final int MAX_HEADER_SIZE = 65536;
  static final int MAX_CHUNK_SIZE = 65536;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final HttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withNameValidation(false).withValidation(false);
  private static final HttpHeadersFactory TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withNameValidation(false).withValidation(false);
  private static final AsciiString HTTP_1_1 = AsciiString.cached("HTTP/1.1");
  private static final HttpResponseStatus UNKNOWN = new HttpResponseStatus(999, "Unknown");
  private static final ByteBuf CRLF_BUF =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer(2).writeByte(CR).writeByte(LF).asReadOnly());
  private static final ByteBuf ZERO_CRLF_CRLF =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(5).writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

  /** RFC 9110 §5.6.2 tchar. */
  private static final boolean[] TOKEN = new boolean[256];
  /** Bytes skipped before a status line: what Netty 4.2 skips (CR, LF, SP), nothing else. */
  private static final boolean[] SKIPPED = new boolean[256];
  /** Status constants whose reason phrase is the standard one, by code. */
  private static final HttpResponseStatus[] STATUSES = new HttpResponseStatus[600];
  private static final byte[][] REASONS = new byte[600][];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
    for (int b = 0; b < 256; b++) {
      SKIPPED[b] = b == CR || b == LF || b == ' ';
    }
    for (int code = 100; code < 600; code++) {
      HttpResponseStatus s = HttpResponseStatus.valueOf(code);
      if (s == HttpResponseStatus.valueOf(code)) {
        STATUSES[code] = s;
        REASONS[code] = s.reasonPhrase().getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }

  private enum State {
    HEAD,
    FIXED,
    UNTIL_CLOSE,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    BAD,
    UPGRADED
  }

  // ---- decoder state -----------------------------------------------------------------------

  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);
  private State state = State.HEAD;
  private final Framing framing = new Framing();
  /** How far past the reader index the search for the end of the head (or trailer) has got. */
  private int scanned;
  /** Offsets, from the reader index, of each LF found in the head being scanned. */
  private int[] lineEnds = new int[32];
  private int lines;
  /** Lines of an incomplete head already checked by {@link #checkSoFar}. */
  private int checkedLines;
  /** Bytes of header lines counted against MAX_HEADER_SIZE (Netty counts trailers too). */
  private int headerBytes;
  private long remaining;
  private boolean switching;
  /** The version of the status line parsed last. */
  private HttpVersion statusVersion;
  /** After a CONNECT succeeded everything is opaque. */
  private boolean tunnel;

  // ---- encoder state -----------------------------------------------------------------------

  private boolean requestChunked;
  private boolean inRequestBody;

  UpstreamCodec() {}

  // ==== decoding ==============================================================================

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      switch (state) {
        case HEAD -> decodeHead(in, out);
        case FIXED -> decodeFixed(in, out);
        case UNTIL_CLOSE -> {
          int n = Math.min(in.readableBytes(), MAX_CHUNK_SIZE);
          if (n > 0) {
            out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
          }
        }
        case CHUNK_SIZE -> decodeChunkSize(in, out);
        case CHUNK_DATA -> decodeChunkData(in, out);
        case CHUNK_END -> decodeChunkEnd(in, out);
        case TRAILER -> decodeTrailer(in, out);
        case BAD -> in.skipBytes(in.readableBytes());
        case UPGRADED -> {
          if (in.isReadable()) {
            out.add(in.readBytes(in.readableBytes()));
          }
        }
      }
    } catch (BadMessage e) {
      state = State.BAD;
      in.skipBytes(in.readableBytes());
      out.add(e.inBody ? invalidChunk(e.getCause()) : invalidHead(e.getCause()));
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    super.decodeLast(ctx, in, out);
    switch (state) {
      case UNTIL_CLOSE -> {
        if (!in.isReadable()) {
          out.add(LastHttpContent.EMPTY_LAST_CONTENT);
          resetHead();
        }
      }
      case HEAD -> {
        // Netty reports a head cut short once its status line was complete.
        if (lines > 0) {
          out.add(invalidHead(new PrematureChannelClosureException("Connection closed before received headers")));
          resetHead();
          state = State.BAD;
        }
      }
      case TRAILER -> {
        // Netty parses trailer lines one by one, so a bad complete line fails even when the
        // section never ends.
        if (lines > 0) {
          int n = lineEnds[lines - 1] + 1;
          byte[] a = new byte[n];
          in.getBytes(in.readerIndex(), a);
          try {
            parseFields(a, 0, lines + 1, new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, TRAILERS).trailingHeaders(),
                framing.reset(), true);
          } catch (BadMessage e) {
            out.add(invalidChunk(e.getCause()));
          }
        }
        resetHead();
        state = State.BAD;
      }
      case FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END -> {
        // A cut-short body is not ended: the exchange sees the close and fails the response.
        resetHead();
        state = State.BAD;
      }
      default -> {}
    }
  }

  private void decodeHead(ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    int w = in.writerIndex();
    if (lines == 0 && scanned == 0) {
      while (r < w && SKIPPED[in.getByte(r) & 0xFF]) {
        r++;
      }
      in.readerIndex(r);
      if (r == w) {
        return;
      }
    }
    int end = scanLines(in, r, w, false);
    if (end < 0) {
      checkSoFar(in, r, w);
      return;
    }
    checkedLines = 0;
    byte[] head = new byte[end];
    in.getBytes(r, head);
    in.readerIndex(r + end);
    if (!rawIfPlain(head, in, out)) {
      parseHead(head, out);
      wholeIfHere(in, out);
    }
  }

  /**
   * The common response, passed on as a {@link RawResponse} without building its header map: a
   * final status to a request other than HEAD or CONNECT, one Content-Length and its whole body
   * already in {@code in}, no Transfer-Encoding, no obs-fold, Connection saying only close or
   * keep-alive, no Via or request id of the upstream's own to merge with ours, and every field
   * line written {@code name: value} (one space, no trailing whitespace, so the bytes are what
   * the encoder would write from a map). Anything else, including anything invalid, returns
   * false having consumed nothing, and the head takes the general path, which also rejects it.
   */
  private boolean rawIfPlain(byte[] a, ByteBuf in, List<Object> out) {
    int lineCount = lines;
    int statusEnd = lineEnds[0] - 1;
    // "HTTP/1.x SP ddd SP": the status line's shape is checked again, fully, by parseStatusLine.
    if (statusEnd < 12 || a[8] != ' ' || !digit(a[9]) || !digit(a[10]) || !digit(a[11]) || a[12] != ' ') {
      return false;
    }
    int code = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
    if (code < 200 || code == 204 || code == 304) {
      // Interim and bodiless statuses: framed by the general path.
      return false;
    }
    HttpMethod method = methods.peek();
    if (method == null || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.CONNECT)) {
      return false;
    }
    int[] drops = null;
    int dropCount = 0;
    boolean close = false;
    boolean keepAlive = false;
    long length = -1;
    for (int l = 1; l < lineCount - 1; l++) {
      int s = lineEnds[l - 1] + 1;
      int e = lineEnds[l] - 1; // the CR
      int i = s;
      while (i < e && TOKEN[a[i] & 0xFF]) {
        i++;
      }
      int n = i - s;
      if (n == 0 || e - i < 2 || a[i] != ':' || a[i + 1] != ' ') {
        return false;
      }
      int v = i + 2;
      if (v < e && (a[v] == ' ' || a[v] == '\t' || a[e - 1] == ' ' || a[e - 1] == '\t')) {
        return false;
      }
      for (int j = v; j < e; j++) {
        int b = a[j] & 0xFF;
        if ((b < 0x20 && b != '\t') || b == 0x7F) {
          return false;
        }
      }
      int kind = rawKind(a, s, n);
      if (kind == RAW_OTHER) {
        continue;
      }
      if (kind == RAW_MERGED) {
        return false;
      }
      if (kind == RAW_LENGTH) {
        if (length >= 0 || e - v == 0 || e - v > 18) {
          return false;
        }
        length = 0;
        for (int j = v; j < e; j++) {
          if (!digit(a[j])) {
            return false;
          }
          length = length * 10 + (a[j] - '0');
        }
        continue;
      }
      if (kind == RAW_CONNECTION) {
        long tokens = connectionTokens(a, v, e);
        if (tokens < 0) {
          return false;
        }
        close |= (tokens & 1) != 0;
        keepAlive |= (tokens & 2) != 0;
      }
      if (drops == null) {
        drops = new int[4];
      } else if (dropCount * 2 == drops.length) {
        drops = java.util.Arrays.copyOf(drops, drops.length * 2);
      }
      drops[2 * dropCount] = s;
      drops[2 * dropCount + 1] = lineEnds[l] + 1;
      dropCount++;
    }
    if (length <= 0 || length > MAX_CHUNK_SIZE || length > in.readableBytes()) {
      return false;
    }
    HttpResponseStatus status = parseStatus(a, statusEnd);
    methods.poll();
    lines = 0;
    ByteBuf body = in.readRetainedSlice((int) length);
    out.add(new RawResponse(statusVersion, status, body, a, lineEnds[0] + 1,
        lineEnds[lineCount - 2] + 1, drops, dropCount, close, keepAlive));
    resetHead();
    return true;
  }

  private static final int RAW_OTHER = 0;
  private static final int RAW_DROPPED = 1;
  private static final int RAW_CONNECTION = 2;
  private static final int RAW_LENGTH = 3;
  private static final int RAW_MERGED = 4;

  /**
   * What a field name means to the raw path: Content-Length, Connection, one the proxy must merge
   * with or that changes framing (Via, the request id, Transfer-Encoding, Trailer: general path),
   * another hop-by-hop name (RFC 9110 §7.6.1: dropped), or any other.
   */
  private static int rawKind(byte[] a, int s, int n) {
    int match = KnownNames.find(a, s, n);
    AsciiString known = match >= 0 ? KnownNames.lower(match >> 2) : null;
    if (known == HttpHeaderNames.CONTENT_LENGTH) {
      return RAW_LENGTH;
    }
    if (known == HttpHeaderNames.CONNECTION) {
      return RAW_CONNECTION;
    }
    if (known == HttpHeaderNames.TRANSFER_ENCODING || known == HttpHeaderNames.TRAILER || known == HttpHeaderNames.VIA
        || (known == null && ForwardedHeaders.nameIs(a, s, n, ForwardedHeaders.REQUEST_ID))) {
      return RAW_MERGED;
    }
    return ForwardedHeaders.isHopByHopName(a, s, n) ? RAW_DROPPED : RAW_OTHER;
  }

  /**
   * The tokens of a Connection value: bit 0 close, bit 1 keep-alive; -1 when it names anything
   * else (another header to drop, upgrade), which the general path handles.
   */
  private static long connectionTokens(byte[] a, int s, int e) {
    long bits = 0;
    int i = s;
    while (i <= e) {
      int comma = i;
      while (comma < e && a[comma] != ',') {
        comma++;
      }
      int f = i;
      int t = comma;
      while (f < t && (a[f] == ' ' || a[f] == '\t')) {
        f++;
      }
      while (t > f && (a[t - 1] == ' ' || a[t - 1] == '\t')) {
        t--;
      }
      if (t > f) {
        if (ForwardedHeaders.nameIs(a, f, t - f, HttpHeaderValues.CLOSE)) {
          bits |= 1;
        } else if (ForwardedHeaders.nameIs(a, f, t - f, HttpHeaderValues.KEEP_ALIVE)) {
          bits |= 2;
        } else {
          return -1;
        }
      }
      i = comma + 1;
    }
    return bits;
  }

  /**
   * The header map of a {@link RawResponse}: its field lines in {@code a[from, to)}, less the
   * first {@code dropCount} ranges of {@code drops}, names and values as the general path makes them.
   */
  static HttpHeaders fieldsOf(byte[] a, int from, int to, int[] drops, int dropCount) {
    HttpHeaders headers = HEADERS.newHeaders();
    int d = 0;
    int s = from;
    while (s < to) {
      if (d < dropCount && s == drops[2 * d]) {
        s = drops[2 * d + 1];
        d++;
        continue;
      }
      int lf = s;
      while (a[lf] != '\n') {
        lf++;
      }
      int colon = s;
      while (a[colon] != ':') {
        colon++;
      }
      int n = colon - s;
      int v = colon + 2;
      int e = lf - 1;
      int match = KnownNames.find(a, s, n);
      AsciiString name = match >= 0 ? KnownNames.constant(match, a, s, n) : new AsciiString(a, s, n, false);
      headers.add(name, v >= e ? AsciiString.EMPTY_STRING : new AsciiString(a, v, e - v, false));
      s = lf + 1;
    }
    return headers;
  }

  /**
   * A final response whose whole Content-Length body is already in this read goes on as one
   * {@link FullHttpResponse}: the exchange then writes head and body to the client at once (one
   * write, one promise, one pass through the encoder) instead of two.
   */
  private void wholeIfHere(ByteBuf in, List<Object> out) {
    if (state != State.FIXED
        || remaining > in.readableBytes()
        || remaining > MAX_CHUNK_SIZE
        || out.isEmpty()
        || !(out.get(out.size() - 1) instanceof HttpResponse response)
        || response instanceof LastHttpContent
        || response.status().code() < 200) {
      return;
    }
    ByteBuf body = in.readRetainedSlice((int) remaining);
    out.set(
        out.size() - 1,
        new DefaultFullHttpResponse(
            response.protocolVersion(), response.status(), body, response.headers(), EmptyHttpHeaders.INSTANCE));
    resetHead();
  }

  /**
   * Finds the LF of each line from where the last call stopped, until an empty line. Returns the
   * length of the section including that empty line, or -1 when more bytes are needed.
   */
  private int scanLines(ByteBuf in, int r, int w, boolean trailer) {
    int pos = r + scanned;
    for (;;) {
      int lineStart = lines == 0 ? r : r + lineEnds[lines - 1] + 1;
      int limit = lines == 0 && !trailer ? MAX_INITIAL_LINE : MAX_HEADER_SIZE - headerBytes;
      // A line may be `limit` bytes plus its CRLF.
      int searchEnd = (int) Math.min(w, (long) lineStart + limit + 2);
      int lf = in.indexOf(pos, searchEnd, LF);
      if (lf < 0) {
        int pending = w - lineStart;
        if (pending > limit && !(pending == limit + 1 && in.getByte(w - 1) == CR)) {
          throw tooLong(lines == 0 && !trailer);
        }
        scanned = w - r;
        return -1;
      }
      if (lf == lineStart || in.getByte(lf - 1) != CR) {
        throw new BadMessage(new InvalidLineSeparatorException(), trailer);
      }
      int length = lf - 1 - lineStart;
      if (lines == 0 && !trailer) {
        if (length > MAX_INITIAL_LINE) {
          throw tooLong(true);
        }
      } else if (length > 0) {
        headerBytes += length;
        if (headerBytes > MAX_HEADER_SIZE) {
          throw tooLong(false);
        }
      }
      if (lines == lineEnds.length) {
        lineEnds = java.util.Arrays.copyOf(lineEnds, lines * 2);
      }
      lineEnds[lines++] = lf - r;
      pos = lf + 1;
      if (length == 0 && (lines > 1 || trailer)) {
        scanned = 0;
        return lf + 1 - r;
      }
    }
  }

  /**
   * Checks an incomplete head as far as it came, so that an upstream that sends a bad line and
   * then stalls (or speaks another protocol altogether) gets its 502 now instead of at the read
   * timeout. Only on this path, a head split across reads; a whole head is checked once, by
   * {@link #parseHead}, with the same rules.
   */
  private void checkSoFar(ByteBuf in, int r, int w) {
    if (lines == 0) {
      // The status line so far must begin as "HTTP/1.".
      for (int i = 0; i < Math.min(w - r, STATUS_PREFIX.length); i++) {
        if (in.getByte(r + i) != STATUS_PREFIX[i]) {
          throw new BadMessage(new IllegalArgumentException("invalid status line (expected: HTTP/1.0 or HTTP/1.1)"), false);
        }
      }
      return;
    }
    for (; checkedLines < lines; checkedLines++) {
      int s = checkedLines == 0 ? 0 : lineEnds[checkedLines - 1] + 1;
      byte[] line = new byte[lineEnds[checkedLines] - 1 - s]; // without its CR LF
      in.getBytes(r + s, line);
      if (checkedLines == 0) {
        parseStatusLine(line, line.length);
      } else if (line.length > 0 && (line[0] == ' ' || line[0] == '\t')) {
        if (checkedLines == 1) {
          throw new BadMessage(new IllegalArgumentException("invalid obs-fold line"), false);
        }
        checkValue(line, 0, line.length, false);
      } else if (line.length > 0) {
        int valueStart = (int) nameAndColon(line, 0, line.length, false);
        checkValue(line, valueStart, line.length, false);
      }
    }
  }

  private static final byte[] STATUS_PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

  /**
   * Checks a field line's name (a token) and colon; returns the name's end in the high 32 bits and
   * where the value starts (after the colon and any whitespace) in the low 32.
   */
  private static long nameAndColon(byte[] a, int s, int e, boolean trailer) {
    int i = s;
    while (i < e && TOKEN[a[i] & 0xFF]) {
      i++;
    }
    if (i == s) {
      throw new BadMessage(new IllegalArgumentException("a header name can only contain 'token' characters"), trailer);
    }
    int nameEnd = i;
    while (i < e && (a[i] == ' ' || a[i] == '\t')) {
      i++;
    }
    if (i == e || a[i] != ':') {
      throw new BadMessage(new IllegalArgumentException("a header name can only contain 'token' characters"), trailer);
    }
    i++;
    while (i < e && (a[i] == ' ' || a[i] == '\t')) {
      i++;
    }
    return ((long) nameEnd << 32) | i;
  }

  private BadMessage tooLong(boolean line) {
    return new BadMessage(
        line
            ? new TooLongHttpLineException("An HTTP line is larger than " + MAX_INITIAL_LINE + " bytes.")
            : new TooLongHttpHeaderException("HTTP header is larger than " + MAX_HEADER_SIZE + " bytes."),
        state != State.HEAD);
  }

  private void parseHead(byte[] a, List<Object> out) {
    int lineCount = lines;
    lines = 0;
    HttpResponse response = parseStatusLine(a, lineEnds[0] - 1);
    HttpHeaders headers = response.headers();
    Framing f = framing.reset();
    parseFields(a, lineEnds[0] + 1, lineCount, headers, f, false);
    frame(response, headers, f, out);
  }

  private HttpResponse parseStatusLine(byte[] a, int end) {
    HttpResponseStatus status = parseStatus(a, end);
    return new DefaultHttpResponse(statusVersion, status, HEADERS.newHeaders());
  }

  /** The status of a status line; its version goes to {@link #statusVersion}. */
  private HttpResponseStatus parseStatus(byte[] a, int end) {
    // HTTP-version SP status-code SP [ reason-phrase ]  (RFC 9112 §4)
    if (end < 12
        || a[0] != 'H' || a[1] != 'T' || a[2] != 'T' || a[3] != 'P' || a[4] != '/' || a[5] != '1'
        || a[6] != '.' || (a[7] != '0' && a[7] != '1')) {
      throw new BadMessage(new IllegalArgumentException("invalid status line (expected: HTTP/1.0 or HTTP/1.1)"), false);
    }
    statusVersion = a[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
    int i = 8;
    if (a[i] != ' ' && a[i] != '\t') {
      throw badHead("invalid status line");
    }
    while (i < end && (a[i] == ' ' || a[i] == '\t')) {
      i++;
    }
    if (end - i < 3 || !digit(a[i]) || !digit(a[i + 1]) || !digit(a[i + 2]) || a[i] == '0') {
      throw badHead("invalid status code (expected: three digits)");
    }
    int code = (a[i] - '0') * 100 + (a[i + 1] - '0') * 10 + (a[i + 2] - '0');
    i += 3;
    int reasonStart = i;
    if (i < end) {
      if (a[i] != ' ' && a[i] != '\t') {
        throw badHead("invalid status code (expected: three digits)");
      }
      while (i < end && (a[i] == ' ' || a[i] == '\t')) {
        i++;
      }
      reasonStart = i;
    }
    int reasonEnd = end;
    while (reasonEnd > reasonStart && (a[reasonEnd - 1] == ' ' || a[reasonEnd - 1] == '\t')) {
      reasonEnd--;
    }
    for (int j = reasonStart; j < reasonEnd; j++) {
      int b = a[j] & 0xFF;
      if ((b < 0x20 && b != '\t') || b == 0x7F) {
        throw badHead("invalid character in reason phrase");
      }
    }
    HttpResponseStatus status = code < 600 ? STATUSES[code] : null;
    if (status == null || !same(REASONS[code], a, reasonStart, reasonEnd)) {
      status = new HttpResponseStatus(code, new String(a, reasonStart, reasonEnd - reasonStart, StandardCharsets.ISO_8859_1));
    }
    return status;
  }

  private static boolean same(byte[] expected, byte[] a, int start, int end) {
    return java.util.Arrays.equals(expected, 0, expected.length, a, start, end);
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** What the header section says about framing; filled while the fields are added. */
  private static final class Framing {
    int contentLengths;
    AsciiString contentLength;
    boolean transferEncoding;
    /** Transfer-Encoding values in arrival order (the headers' own iterator is not). */
    List<AsciiString> codings;

    Framing reset() {
      contentLengths = 0;
      contentLength = null;
      transferEncoding = false;
      if (codings != null) {
        codings.clear();
      }
      return this;
    }
  }

  /**
   * Adds the field lines between {@code start} and the empty line that ends the section. Names
   * must be tokens and values free of control characters but HTAB (RFC 9110 §5.5), the same rule
   * Netty's validating headers apply; obs-fold lines join the previous value with one space, as
   * Netty does.
   */
  private void parseFields(byte[] a, int start, int lineCount, HttpHeaders headers, Framing f, boolean trailer) {
    AsciiString name = null;
    int nameId = -1;
    AsciiString value = null;
    int first = trailer ? 0 : 1;
    for (int l = first; l < lineCount - 1; l++) {
      int s = l == first ? start : lineEnds[l - 1] + 1;
      int e = lineEnds[l] - 1; // the CR
      byte b0 = a[s];
      if (b0 == ' ' || b0 == '\t') {
        if (name == null || trailer) {
          throw new BadMessage(new IllegalArgumentException("invalid obs-fold line"), trailer);
        }
        value = fold(value, a, s, e);
        continue;
      }
      if (name != null) {
        add(headers, name, nameId, value, f, trailer);
      }
      long bounds = nameAndColon(a, s, e, trailer);
      int nameEnd = (int) (bounds >>> 32);
      int i = (int) bounds;
      int valueEnd = e;
      while (valueEnd > i && (a[valueEnd - 1] == ' ' || a[valueEnd - 1] == '\t')) {
        valueEnd--;
      }
      checkValue(a, i, valueEnd, trailer);
      int match = KnownNames.find(a, s, nameEnd - s);
      nameId = match >> 2;
      name = match >= 0 ? KnownNames.constant(match, a, s, nameEnd - s) : new AsciiString(a, s, nameEnd - s, false);
      value = i == valueEnd ? AsciiString.EMPTY_STRING : new AsciiString(a, i, valueEnd - i, false);
    }
    if (name != null) {
      add(headers, name, nameId, value, f, trailer);
    }
  }

  private static AsciiString fold(AsciiString value, byte[] a, int s, int e) {
    while (s < e && (a[s] == ' ' || a[s] == '\t')) {
      s++;
    }
    while (e > s && (a[e - 1] == ' ' || a[e - 1] == '\t')) {
      e--;
    }
    checkValue(a, s, e, false);
    byte[] joined = new byte[value.length() + 1 + e - s];
    System.arraycopy(value.array(), value.arrayOffset(), joined, 0, value.length());
    joined[value.length()] = ' ';
    System.arraycopy(a, s, joined, value.length() + 1, e - s);
    return new AsciiString(joined, false);
  }

  private static void checkValue(byte[] a, int s, int e, boolean trailer) {
    for (int i = s; i < e; i++) {
      int b = a[i] & 0xFF;
      if ((b < 0x20 && b != '\t') || b == 0x7F) {
        throw new BadMessage(new IllegalArgumentException("a header value contains a prohibited character"), trailer);
      }
    }
  }

  private static void add(HttpHeaders headers, AsciiString name, int id, AsciiString value, Framing f, boolean trailer) {
    if (id == KnownNames.CONTENT_LENGTH) {
      if (trailer) {
        return;
      }
      if (f.contentLengths++ == 0) {
        f.contentLength = value;
      }
    } else if (id == KnownNames.TRANSFER_ENCODING) {
      if (trailer) {
        return;
      }
      f.transferEncoding = true;
      if (f.codings == null) {
        f.codings = new java.util.ArrayList<>(2);
      }
      f.codings.add(value);
    } else if (id == KnownNames.TRAILER && trailer) {
      // Netty drops framing fields from trailers (RFC 9110 §6.5.1).
      return;
    }
    headers.add(name, value);
  }

  /** Netty's framing decisions for a response head (HttpObjectDecoder.readHeaders, RFC 9112 §6.3). */
  private void frame(HttpResponse response, HttpHeaders headers, Framing f, List<Object> out) {
    HttpVersion version = response.protocolVersion();
    long length = -1;
    if (f.contentLengths > 0) {
      length = contentLength(f);
    }
    int code = response.status().code();
    boolean empty;
    if (code < 200) {
      empty =
          !(code == 101
              && !headers.contains(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT)
              && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true));
      if (code == 101) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        switching = upgrade == null || !upgrade.contains("HTTP/1.0") && !upgrade.contains("HTTP/1.1");
      }
      if (!empty && f.contentLengths == 0
          && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_ORIGIN)
          && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_LOCATION)) {
        length = 16; // Hixie-76, as HttpUtil.getWebSocketContentLength
      }
    } else {
      HttpMethod method = methods.poll();
      empty = code == 204 || code == 304;
      if (method == HttpMethod.HEAD || (method != null && method.equals(HttpMethod.HEAD))) {
        empty = true;
      } else if (code == 200 && method != null && method.equals(HttpMethod.CONNECT)) {
        tunnel = true;
        methods.clear();
        empty = true;
      }
    }
    if (empty) {
      if (f.transferEncoding) {
        dropChunked(headers);
      }
      out.add(response);
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      resetHead();
      return;
    }
    if (f.transferEncoding) {
      if (version != HttpVersion.HTTP_1_1) {
        throw badHead(new TransferEncodingNotAllowedException("The Transfer-Encoding header is only allowed in HTTP/1.1 or newer"));
      }
      if (chunkedLast(f.codings)) {
        if (f.contentLengths > 0) {
          throw badHead(new ContentLengthNotAllowedException(
              "Content-Length are not allowed in HTTP/1.1 messages that contains a Transfer-Encoding header."));
        }
        state = State.CHUNK_SIZE;
        out.add(response);
        return;
      }
    }
    out.add(response);
    if (length == 0) {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      resetHead();
    } else if (length > 0) {
      remaining = length;
      state = State.FIXED;
    } else {
      state = State.UNTIL_CLOSE;
    }
  }

  private static long contentLength(Framing f) {
    AsciiString v = f.contentLength;
    if (f.contentLengths > 1 || v.indexOf(',', 0) >= 0) {
      throw badHead("Multiple Content-Length values found");
    }
    int n = v.length();
    if (n == 0 || n > 18) {
      throw badHead("Content-Length value is not a number: " + v);
    }
    long length = 0;
    for (int i = 0; i < n; i++) {
      byte b = v.byteAt(i);
      if (!digit(b)) {
        throw badHead("Content-Length value is not a number: " + v);
      }
      length = length * 10 + (b - '0');
    }
    return length;
  }

  /** Whether chunked is the final coding; it may appear only once (RFC 9112 §6.1). */
  private static boolean chunkedLast(List<AsciiString> codings) {
    boolean seen = false;
    boolean last = false;
    for (AsciiString v : codings) {
      int start = 0;
      int n = v.length();
      while (start <= n) {
        int comma = indexOf(v, ',', start);
        int end = comma < 0 ? n : comma;
        int s = start;
        while (s < end && (v.charAt(s) == ' ' || v.charAt(s) == '\t')) {
          s++;
        }
        int e = end;
        while (e > s && (v.charAt(e - 1) == ' ' || v.charAt(e - 1) == '\t')) {
          e--;
        }
        if (s < e) {
          last = e - s == 7 && HttpHeaderValues.CHUNKED.regionMatches(true, 0, v, s, 7);
          if (last) {
            if (seen) {
              throw badHead("chunked transfer coding must not be applied more than once");
            }
            seen = true;
          }
        }
        if (comma < 0) {
          break;
        }
        start = comma + 1;
      }
    }
    if (seen && !last) {
      throw badHead("chunked must be the last encoding present in the Transfer-Encoding header");
    }
    return seen;
  }

  private static int indexOf(CharSequence v, char c, int from) {
    for (int i = from; i < v.length(); i++) {
      if (v.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** As HttpUtil.setTransferEncodingChunked(m, false), which Netty applies to bodiless responses. */
  private static void dropChunked(HttpHeaders headers) {
    List<String> values = new java.util.ArrayList<>(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
    values.removeIf(HttpHeaderValues.CHUNKED::contentEqualsIgnoreCase);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (!values.isEmpty()) {
      headers.add(HttpHeaderNames.TRANSFER_ENCODING, values);
    }
  }

  private void decodeFixed(ByteBuf in, List<Object> out) {
    int n = (int) Math.min(Math.min(in.readableBytes(), MAX_CHUNK_SIZE), remaining);
    if (n == 0) {
      return;
    }
    ByteBuf content = in.readRetainedSlice(n);
    remaining -= n;
    if (remaining == 0) {
      out.add(new DefaultLastHttpContent(content, TRAILERS));
      resetHead();
    } else {
      out.add(new DefaultHttpContent(content));
    }
  }

  private void decodeChunkSize(ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    int w = in.writerIndex();
    int lf = in.indexOf(r, (int) Math.min(w, (long) r + MAX_INITIAL_LINE + 2), LF);
    if (lf < 0) {
      int pending = w - r;
      if (pending > MAX_INITIAL_LINE && !(pending == MAX_INITIAL_LINE + 1 && in.getByte(w - 1) == CR)) {
        throw tooLong(true);
      }
      return;
    }
    if (lf == r || in.getByte(lf - 1) != CR) {
      throw new BadMessage(new InvalidLineSeparatorException(), true);
    }
    int end = lf - 1;
    if (end - r > MAX_INITIAL_LINE) {
      throw tooLong(true);
    }
    long size = chunkSize(in, r, end);
    in.readerIndex(lf + 1);
    if (size == 0) {
      state = State.TRAILER;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
      decodeChunkData(in, out);
    }
  }

  /** chunk-size [ chunk-ext ] (RFC 9112 §7.1), with Netty's limits: BWS then ';' after the size. */
  private static long chunkSize(ByteBuf in, int s, int e) {
    long size = 0;
    int i = s;
    for (; i < e; i++) {
      int nibble = hex(in.getByte(i));
      if (nibble < 0) {
        break;
      }
      size = size * 16 + nibble;
      if (size > Integer.MAX_VALUE) {
        throw new BadMessage(new NumberFormatException("Chunk size overflow: " + size), true);
      }
    }
    if (i == s) {
      throw new BadMessage(new NumberFormatException("Empty chunk size"), true);
    }
    if (i < e) {
      int j = i;
      while (j < e && (in.getByte(j) == ' ' || in.getByte(j) == '\t')) {
        j++;
      }
      if (j == e || in.getByte(j) != ';') {
        throw new BadMessage(new NumberFormatException("Invalid character in chunk size"), true);
      }
      checkExtensions(in, j, e);
    }
    return size;
  }

  /** *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ), from the first ';'. */
  private static void checkExtensions(ByteBuf in, int i, int e) {
    while (i < e) {
      i = skipBws(in, i, e);
      if (i == e) {
        return;
      }
      if (in.getByte(i) != ';') {
        throw badExtension();
      }
      i = skipBws(in, i + 1, e);
      int t = i;
      while (i < e && TOKEN[in.getByte(i) & 0xFF]) {
        i++;
      }
      if (i == t) {
        throw badExtension();
      }
      i = skipBws(in, i, e);
      if (i < e && in.getByte(i) == '=') {
        i = skipBws(in, i + 1, e);
        if (i < e && in.getByte(i) == '"') {
          i = quoted(in, i + 1, e);
        } else {
          t = i;
          while (i < e && TOKEN[in.getByte(i) & 0xFF]) {
            i++;
          }
          if (i == t) {
            throw badExtension();
          }
        }
      }
    }
  }

  private static int quoted(ByteBuf in, int i, int e) {
    while (i < e) {
      int b = in.getByte(i) & 0xFF;
      if (b == '"') {
        return i + 1;
      }
      if (b == '\\') {
        if (i + 1 == e) {
          throw badExtension();
        }
        int q = in.getByte(i + 1) & 0xFF;
        if ((q < 0x20 && q != '\t') || q >= 0x7F) {
          throw badExtension();
        }
        i += 2;
        continue;
      }
      // Netty refuses obs-text here, though RFC 9110 §5.6.4 allows it.
      if ((b < 0x20 && b != '\t') || b >= 0x7F) {
        throw badExtension();
      }
      i++;
    }
    throw badExtension();
  }

  private static int skipBws(ByteBuf in, int i, int e) {
    while (i < e && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static BadMessage badExtension() {
    return new BadMessage(new InvalidChunkExtensionException(), true);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  private void decodeChunkData(ByteBuf in, List<Object> out) {
    int n = (int) Math.min(Math.min(in.readableBytes(), MAX_CHUNK_SIZE), remaining);
    if (n == 0) {
      return;
    }
    out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
    remaining -= n;
    if (remaining == 0) {
      state = State.CHUNK_END;
      decodeChunkEnd(in, out);
    }
  }

  private void decodeChunkEnd(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 2) {
      return;
    }
    int r = in.readerIndex();
    if (in.getByte(r) != CR || in.getByte(r + 1) != LF) {
      throw new BadMessage(new InvalidChunkTerminationException(), true);
    }
    in.skipBytes(2);
    state = State.CHUNK_SIZE;
  }

  private void decodeTrailer(ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    int end = scanLines(in, r, in.writerIndex(), true);
    if (end < 0) {
      return;
    }
    int lineCount = lines;
    lines = 0;
    if (lineCount == 1) {
      in.readerIndex(r + end);
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      resetHead();
      return;
    }
    byte[] a = new byte[end];
    in.getBytes(r, a);
    in.readerIndex(r + end);
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, TRAILERS);
    parseFields(a, 0, lineCount, last.trailingHeaders(), framing.reset(), true);
    out.add(last);
    resetHead();
  }

  private void resetHead() {
    lines = 0;
    checkedLines = 0;
    scanned = 0;
    headerBytes = 0;
    remaining = 0;
    if (switching) {
      switching = false;
      state = State.UPGRADED;
    } else if (tunnel) {
      state = State.UPGRADED;
    } else {
      state = State.HEAD;
    }
  }

  private static HttpResponse invalidHead(Throwable cause) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_0, UNKNOWN, HEADERS.newHeaders());
    r.setDecoderResult(DecoderResult.failure(cause));
    return r;
  }

  private static HttpContent invalidChunk(Throwable cause) {
    HttpContent c = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    c.setDecoderResult(DecoderResult.failure(cause));
    return c;
  }

  private static BadMessage badHead(String message) {
    return new BadMessage(new IllegalArgumentException(message), false);
  }

  private static BadMessage badHead(Exception cause) {
    return new BadMessage(cause, false);
  }

  /** Unwinds a parse to the one place that turns it into a failed message; carries no stack. */
  private static final class BadMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean inBody;

    BadMessage(Exception cause, boolean inBody) {
      super(cause.getMessage(), cause, false, false);
      this.inBody = inBody;
    }
  }

  /** Common response field names, matched without allocating; the spelling on the wire is kept. */
  static final class KnownNames {
    static final int CONTENT_LENGTH = 0;
    static final int TRANSFER_ENCODING = 1;
    static final int TRAILER = 2;

    private static final AsciiString[] LOWER = {
      HttpHeaderNames.CONTENT_LENGTH,
      HttpHeaderNames.TRANSFER_ENCODING,
      HttpHeaderNames.TRAILER,
      HttpHeaderNames.CONTENT_TYPE,
      HttpHeaderNames.DATE,
      HttpHeaderNames.SERVER,
      HttpHeaderNames.CONNECTION,
      AsciiString.cached("keep-alive"),
      HttpHeaderNames.LAST_MODIFIED,
      HttpHeaderNames.ETAG,
      HttpHeaderNames.ACCEPT_RANGES,
      HttpHeaderNames.CACHE_CONTROL,
      HttpHeaderNames.CONTENT_ENCODING,
      HttpHeaderNames.EXPIRES,
      HttpHeaderNames.LOCATION,
      HttpHeaderNames.VARY,
      HttpHeaderNames.SET_COOKIE,
      HttpHeaderNames.UPGRADE,
      HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
      HttpHeaderNames.AGE,
      HttpHeaderNames.VIA,
      HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN,
    };
    private static final AsciiString[] CANONICAL = new AsciiString[LOWER.length];
    private static final byte[][] LOWER_BYTES = new byte[LOWER.length][];
    private static final byte[][] CANONICAL_BYTES = new byte[LOWER.length][];
    /** Indexes into LOWER by name length. */
    private static final int[][] BY_LENGTH = new int[64][];

    static {
      for (int i = 0; i < LOWER.length; i++) {
        CANONICAL[i] = AsciiString.cached(canonical(LOWER[i].toString()));
        LOWER_BYTES[i] = LOWER[i].toByteArray();
        CANONICAL_BYTES[i] = CANONICAL[i].toByteArray();
        int n = LOWER[i].length();
        int[] bucket = BY_LENGTH[n] == null ? new int[0] : BY_LENGTH[n];
        bucket = java.util.Arrays.copyOf(bucket, bucket.length + 1);
        bucket[bucket.length - 1] = i;
        BY_LENGTH[n] = bucket;
      }
    }

    private KnownNames() {}

    private static String canonical(String lower) {
      StringBuilder sb = new StringBuilder(lower.length());
      boolean up = true;
      for (char c : lower.toCharArray()) {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = c == '-';
      }
      String s = sb.toString();
      return switch (s) {
        case "Etag" -> "ETag";
        case "Sec-Websocket-Accept" -> "Sec-WebSocket-Accept";
        default -> s;
      };
    }

    /**
     * The known name a token (already validated) spells, as {@code id << 2 | spelling} with
     * spelling 0 for the canonical case, 1 for lower case and 2 for any other case; -1 if none.
     * Exact spellings are compared first, with the JDK's vectorized range equality.
     */
    static int find(byte[] a, int s, int n) {
      int[] bucket = n < BY_LENGTH.length ? BY_LENGTH[n] : null;
      if (bucket == null) {
        return -1;
      }
      byte first = a[s];
      for (int id : bucket) {
        byte[] canonical = CANONICAL_BYTES[id];
        if (canonical[0] == first && java.util.Arrays.equals(a, s, s + n, canonical, 0, n)) {
          return id << 2;
        }
        byte[] lower = LOWER_BYTES[id];
        if (lower[0] == first && java.util.Arrays.equals(a, s, s + n, lower, 0, n)) {
          return id << 2 | 1;
        }
      }
      outer:
      for (int id : bucket) {
        byte[] lower = LOWER_BYTES[id];
        // Token characters only: `| 0x20` folds A-Z and leaves '-' and digits alone.
        for (int i = 0; i < n; i++) {
          if ((a[s + i] | 0x20) != lower[i]) {
            continue outer;
          }
        }
        return id << 2 | 2;
      }
      return -1;
    }

    /** The lower-case constant of a known name's id. */
    static AsciiString lower(int id) {
      return LOWER[id];
    }

    static AsciiString constant(int match, byte[] a, int s, int n) {
      return switch (match & 3) {
        case 0 -> CANONICAL[match >> 2];
        case 1 -> LOWER[match >> 2];
        default -> new AsciiString(a, s, n, false);
      };
    }
  }

  // ==== encoding ==============================================================================

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpRequest request) {
      if (inRequestBody) {
        ReferenceCountUtil.release(msg);
        promise.setFailure(new IllegalStateException("unexpected message type: " + msg.getClass().getSimpleName()
            + " (expected: the content of the previous request)"));
        return;
      }
      if (!tunnel) {
        methods.offer(request.method());
      }
      requestChunked = request.headers().containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
      ByteBuf head = encodeHead(ctx, request);
      if (msg instanceof FullHttpRequest full) {
        writeLast(ctx, full, head, promise);
      } else {
        inRequestBody = true;
        ctx.write(head, promise);
      }
    } else if (msg instanceof LastHttpContent last) {
      writeLast(ctx, last, null, promise);
    } else if (msg instanceof HttpContent content) {
      writeContent(ctx, content.content(), promise);
    } else {
      // ByteBuf, FileRegion and anything else: the caller knows what it is doing.
      ctx.write(msg, promise);
    }
  }

  private void writeContent(ChannelHandlerContext ctx, ByteBuf content, ChannelPromise promise) {
    int n = content.readableBytes();
    if (!requestChunked || n == 0) {
      ctx.write(content, promise);
      return;
    }
    ctx.write(chunkHeader(ctx, n));
    ctx.write(content);
    ctx.write(CRLF_BUF.duplicate(), promise);
  }

  /** Writes the end of a request body: a FullHttpRequest's content or a LastHttpContent. */
  private void writeLast(ChannelHandlerContext ctx, LastHttpContent last, ByteBuf head, ChannelPromise promise) {
    inRequestBody = false;
    ByteBuf content = last.content();
    int n = content.readableBytes();
    if (!requestChunked) {
      if (head == null) {
        ctx.write(content, promise);
      } else if (n == 0) {
        content.release();
        ctx.write(head, promise);
      } else if (n <= 2048 && n <= head.maxFastWritableBytes()) {
        head.writeBytes(content);
        content.release();
        ctx.write(head, promise);
      } else {
        ctx.write(head);
        ctx.write(content, promise);
      }
      return;
    }
    if (head != null) {
      ctx.write(head);
    }
    if (n > 0) {
      ctx.write(chunkHeader(ctx, n));
      ctx.write(content);
      ctx.write(CRLF_BUF.duplicate());
    } else {
      content.release();
    }
    HttpHeaders trailers = last.trailingHeaders();
    if (trailers.isEmpty()) {
      ctx.write(ZERO_CRLF_CRLF.duplicate(), promise);
    } else {
      ByteBuf buf = ctx.alloc().buffer(64 + 32 * trailers.size());
      buf.writeByte('0').writeByte(CR).writeByte(LF);
      writeFields(buf, trailers);
      buf.writeByte(CR).writeByte(LF);
      ctx.write(buf, promise);
    }
  }

  private static ByteBuf chunkHeader(ChannelHandlerContext ctx, int n) {
    ByteBuf buf = ctx.alloc().buffer(10);
    buf.writeCharSequence(Integer.toHexString(n), CharsetUtil.US_ASCII);
    buf.writeByte(CR).writeByte(LF);
    return buf;
  }

  /**
   * The request head, laid out in a reused array and copied into the buffer in one go: a direct
   * buffer pays bounds and liveness checks per write call, an array store pays almost nothing.
   */
  private static ByteBuf encodeHead(ChannelHandlerContext ctx, HttpRequest request) {
    String uri = request.uri();
    if (!isAscii(uri)) {
      return encodeHeadSlowly(ctx, request);
    }
    HttpHeaders headers = request.headers();
    HeadScratch out = HeadScratch.current();
    out.put(request.method().asciiName());
    out.put((byte) ' ');
    if (uri.isEmpty()) {
      out.put((byte) '/');
    } else if (uri.charAt(0) != '/' && uri.contains("://")) {
      return encodeHeadSlowly(ctx, request);
    } else {
      out.put(uri);
    }
    out.put((byte) ' ');
    HttpVersion version = request.protocolVersion();
    out.put(version == HttpVersion.HTTP_1_1 ? HTTP_1_1 : AsciiString.of(version.text()));
    out.put(CR, LF);
    out.putFields(headers);
    return out.copyOut(ctx.alloc(), null);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Non-ASCII or absolute URIs: rare, written as HttpRequestEncoder writes them. */
  private static ByteBuf encodeHeadSlowly(ChannelHandlerContext ctx, HttpRequest request) {
    HttpHeaders headers = request.headers();
    String uri = request.uri();
    ByteBuf buf = ctx.alloc().buffer(uri.length() + 32 + 40 * headers.size());
    ByteBufUtil.copy(request.method().asciiName(), buf);
    buf.writeByte(' ');
    if (uri.isEmpty()) {
      buf.writeByte('/');
    } else {
      writeUri(buf, uri);
    }
    buf.writeByte(' ');
    buf.writeCharSequence(request.protocolVersion().text(), CharsetUtil.US_ASCII);
    buf.writeByte(CR).writeByte(LF);
    writeFields(buf, headers);
    buf.writeByte(CR).writeByte(LF);
    return buf;
  }

  /** As HttpRequestEncoder: an absolute URI without a path gets one, before any query. */
  private static void writeUri(ByteBuf buf, String uri) {
    if (uri.charAt(0) != '/') {
      int start = uri.indexOf("://");
      if (start != -1) {
        start += 3;
        int query = uri.indexOf('?', start);
        if (query == -1) {
          if (uri.lastIndexOf('/') < start) {
            buf.writeCharSequence(uri, CharsetUtil.UTF_8);
            buf.writeByte('/');
            return;
          }
        } else if (uri.lastIndexOf('/', query) < start) {
          buf.writeCharSequence(new StringBuilder(uri).insert(query, '/'), CharsetUtil.UTF_8);
          return;
        }
      }
    }
    buf.writeCharSequence(uri, CharsetUtil.UTF_8);
  }

  private static void writeFields(ByteBuf buf, HttpHeaders headers) {
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      writeAscii(buf, e.getKey());
      buf.writeByte(':').writeByte(' ');
      writeAscii(buf, e.getValue());
      buf.writeByte(CR).writeByte(LF);
    }
  }

  private static void writeAscii(ByteBuf buf, CharSequence s) {
    if (s instanceof AsciiString a) {
      ByteBufUtil.copy(a, buf);
    } else {
      buf.writeCharSequence(s, CharsetUtil.US_ASCII);
    }
  }

  // ==== the rest of the outbound side passes through ==========================================

  @Override
  public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
    ctx.bind(localAddress, promise);
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
    ctx.connect(remoteAddress, localAddress, promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.disconnect(promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.close(promise);
  }

  @Override
  public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.deregister(promise);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    ctx.flush();
  }
}
