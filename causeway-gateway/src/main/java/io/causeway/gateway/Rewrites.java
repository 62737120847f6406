package io.causeway.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * How a request and its response are rewritten between the legs: request target forms, framing
 * headers for the other leg, hop-by-hop removal, Host, X-Forwarded-*, Via and the request id.
 * Mutates the messages it is given, which the exchange owns.
 */
final class Rewrites {

  private Rewrites() {}

  /** The request for the upstream leg, and whether it is a websocket handshake to splice. */
  record Upstream(HttpRequest request, boolean websocket) {}

  /**
   * An absolute-form target ({@code GET http://host/path}) names the host itself, and RFC 9112
   * §3.2.2 says the Host header is then replaced by it; routing and forwarding use origin form.
   * Targets with userinfo stay as they are and are refused.
   */
  static void toOriginForm(HttpRequest request) {
    String uri = request.uri();
    int scheme = uri.regionMatches(true, 0, "http://", 0, 7) ? 7 : uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : 0;
    if (scheme == 0) {
      return;
    }
    int end = scheme;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
      end++;
    }
    String authority = uri.substring(scheme, end);
    if (authority.isEmpty() || authority.indexOf('@') >= 0) {
      return;
    }
    String rest = uri.substring(end);
    request.setUri(rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest);
    request.headers().set(HttpHeaderNames.HOST, authority);
  }

  static Upstream upstreamRequest(
      HttpRequest request,
      Exchange.ConnectionFacts conn,
      RouteMatch match,
      String clientHost,
      CharSequence requestId,
      CharSequence via,
      boolean requestComplete,
      boolean oneMessage) {
    HttpHeaders h = request.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    boolean hasLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
    boolean wantsWebsocket = ForwardedHeaders.stripHopByHop(h);
    // A websocket handshake has no body; anything else is not a handshake we can splice.
    boolean bodiless = !chunked && (!hasLength || "0".equals(h.get(HttpHeaderNames.CONTENT_LENGTH)));
    boolean websocket = wantsWebsocket && !conn.http2() && (requestComplete || bodiless);
    if (conn.http2()) {
      ForwardedHeaders.stripHttp2Extensions(h);
    }
    if (request instanceof FullHttpRequest full) {
      if (full.content().isReadable() || hasLength) {
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
      }
    } else if (chunked || (!hasLength && conn.http2())) {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    h.set(HttpHeaderNames.HOST, match.upstreamHostHeader(clientHost));
    ForwardedHeaders.addForwarded(
        h,
        conn.clientIp(),
        conn.tls() ? "https" : "http",
        clientHost,
        conn.localPort(),
        match.forwardedPrefix(),
        via);
    h.set(ForwardedHeaders.REQUEST_ID, requestId);
    if (websocket) {
      ForwardedHeaders.markWebsocketUpgrade(h);
    }
    String uri = request.uri();
    int q = uri.indexOf('?');
    String target = q >= 0 ? match.upstreamPath() + uri.substring(q) : match.upstreamPath();
    if (oneMessage) {
      // Head and end in one message: one write, one promise, one pass through the encoder.
      return new Upstream(
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, request.method(), target, Unpooled.EMPTY_BUFFER, h, EmptyHttpHeaders.INSTANCE),
          websocket);
    }
    return new Upstream(new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), target, h), websocket);
  }

  /** A complete request without body bytes or trailers: it goes upstream as one message. */
  static boolean isBodiless(HttpRequest request) {
    return request instanceof FullHttpRequest full
        && !full.content().isReadable()
        && full.trailingHeaders().isEmpty();
  }

  /**
   * Prepares an upstream response for the client. Returns whether the client connection must
   * close after it: the client asked, the proxy is draining ({@code mayKeepAlive} false), or an
   * HTTP/1.0 client gets a body of unknown length.
   */
  static boolean downstreamResponse(
      HttpResponse response, HttpRequest request, boolean http2, boolean mayKeepAlive, CharSequence requestId, CharSequence via) {
    if (!http2 && response instanceof RawResponse raw && raw.isRaw()) {
      // The codec kept it raw only with a length, a Connection naming no other field, and
      // neither Via nor a request id: this is the general path's effect without the map.
      raw.dropHopByHop();
      response.setProtocolVersion(HttpVersion.HTTP_1_1);
      raw.add(HttpHeaderNames.VIA, via);
      raw.add(ForwardedHeaders.REQUEST_ID, requestId);
      if (!mayKeepAlive) {
        raw.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return true;
      }
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        raw.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      return false;
    }
    HttpHeaders h = response.headers();
    boolean hasLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
    boolean close = false;
    ForwardedHeaders.stripHopByHop(h);
    if (!http2 && !hasLength && !hasNoBody(response, request)) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        close = true;
      } else {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    ForwardedHeaders.appendVia(h, via);
    h.set(ForwardedHeaders.REQUEST_ID, requestId);
    if (http2) {
      return false;
    }
    if (close || !mayKeepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      return true;
    }
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return false;
  }

  private static boolean hasNoBody(HttpResponse response, HttpRequest request) {
    int code = response.status().code();
    return code < 200 || code == 204 || code == 304 || request.method().equals(HttpMethod.HEAD);
  }
}
