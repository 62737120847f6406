package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * A whole upstream response whose header section is kept as the bytes that arrived: the common
 * case (a final status, a Content-Length body already read, fields written as {@code name: value}
 * with nothing the proxy must merge into) crosses the proxy without a header map being built on
 * the way in or walked on the way out. The codec notes where its hop-by-hop lines are; {@link
 * #dropHopByHop} leaves them out, and the fields the proxy adds ({@link #add}) follow the
 * upstream's, where Netty's map would put them.
 *
 * <p>{@link #headers()} turns it into an ordinary response, lines and additions included, the
 * first time anything asks for the map (HTTP/2 clients, large bodies, diagnostics): after that
 * the map is the only truth and the raw bytes are not used again. {@link UpstreamCodec} decides
 * which heads qualify; {@link Rewrites#downstreamResponse} and the downstream encoder use the raw
 * form while {@link #isRaw()}. Confined to its event loop.
 */
final class RawResponse extends DefaultFullHttpResponse {

  private static final byte[] COLON_SPACE = {':', ' '};

  private final byte[] head;
  private final int fieldsStart;
  private final int fieldsEnd;
  private final int[] drops;
  private final int dropCount;
  private boolean hopByHopDropped;
  private final boolean connectionClose;
  private final boolean connectionKeepAlive;
  private AsciiString[] extraNames;
  private CharSequence[] extraValues;
  private int extras;
  private HttpHeaders headers;

  /**
   * @param head the head as received; fields are the lines in {@code [fieldsStart, fieldsEnd)}
   * @param drops {@code dropCount} pairs of offsets: the hop-by-hop lines, CRLF included
   * @param connectionClose whether a Connection field said {@code close}
   * @param connectionKeepAlive whether a Connection field said {@code keep-alive}
   */
  RawResponse(
      HttpVersion version,
      HttpResponseStatus status,
      ByteBuf content,
      byte[] head,
      int fieldsStart,
      int fieldsEnd,
      int[] drops,
      int dropCount,
      boolean connectionClose,
      boolean connectionKeepAlive) {
    // The map handed to the superclass is never used: headers() is overridden.
    super(version, status, content, EmptyHttpHeaders.INSTANCE, EmptyHttpHeaders.INSTANCE);
    this.head = head;
    this.fieldsStart = fieldsStart;
    this.fieldsEnd = fieldsEnd;
    this.drops = drops;
    this.dropCount = dropCount;
    this.connectionClose = connectionClose;
    this.connectionKeepAlive = connectionKeepAlive;
  }

  /** Whether no one asked for the header map yet, so the raw bytes still say it all. */
  boolean isRaw() {
    return headers == null;
  }

  @Override
  public HttpHeaders headers() {
    if (headers == null) {
      HttpHeaders h = UpstreamCodec.fieldsOf(head, fieldsStart, fieldsEnd, drops, hopByHopDropped ? dropCount : 0);
      for (int i = 0; i < extras; i++) {
        h.add(extraNames[i], extraValues[i]);
      }
      headers = h;
    }
    return headers;
  }

  /**
   * Adds a field after the upstream's, as {@code headers().set(name, value)} would for a name
   * the response does not carry (the codec keeps heads with the names the proxy sets off this
   * path); only while {@link #isRaw()}.
   */
  void add(AsciiString name, CharSequence value) {
    if (headers != null) {
      headers.set(name, value);
      return;
    }
    if (extraNames == null) {
      extraNames = new AsciiString[4];
      extraValues = new CharSequence[4];
    } else if (extras == extraNames.length) {
      extraNames = java.util.Arrays.copyOf(extraNames, extras * 2);
      extraValues = java.util.Arrays.copyOf(extraValues, extras * 2);
    }
    extraNames[extras] = name;
    extraValues[extras] = value;
    extras++;
  }

  /**
   * {@code ForwardedHeaders.stripHopByHop} of a raw head: the codec kept only heads whose
   * Connection names nothing but close and keep-alive, so the lines it noted are all there is.
   */
  void dropHopByHop() {
    if (headers != null) {
      ForwardedHeaders.stripHopByHop(headers);
    } else {
      hopByHopDropped = true;
    }
  }

  /**
   * {@code HttpUtil.isKeepAlive} of the response as the upstream sent it: from what the codec saw
   * in Connection while raw, from the map once there is one.
   */
  boolean isKeepAlive() {
    if (headers != null) {
      return HttpUtil.isKeepAlive(this);
    }
    return !connectionClose && (protocolVersion().isKeepAliveDefault() || connectionKeepAlive);
  }

  /** The field lines as received (less the hop-by-hop ones once dropped), the added fields, the empty line. */
  void putFields(HeadScratch out) {
    int from = fieldsStart;
    for (int i = 0; hopByHopDropped && i < dropCount; i++) {
      out.put(head, from, drops[2 * i]);
      from = drops[2 * i + 1];
    }
    out.put(head, from, fieldsEnd);
    for (int i = 0; i < extras; i++) {
      out.put(extraNames[i]);
      out.put(COLON_SPACE[0], COLON_SPACE[1]);
      out.put(extraValues[i]);
      out.put((byte) '\r', (byte) '\n');
    }
    out.put((byte) '\r', (byte) '\n');
  }
}
