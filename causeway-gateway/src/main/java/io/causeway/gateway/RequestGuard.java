package io.causeway.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, on HTTP/1 connections, every request a back end could frame differently than we do
 * (RFC 9112 §6.1, §6.3; RFC 9110 §5.5): decoder failures, Content-Length with Transfer-Encoding,
 * a coding other than exactly {@code chunked}, bad Content-Length, missing or repeated Host,
 * header names or values outside the grammar, names that read as a framing header once {@code _}
 * is taken for {@code -}, and request targets with anything but visible ASCII. A refused request
 * gets a JSON problem (400, or the decoder's 414/431) and the connection closes, since the rest of
 * its bytes cannot be trusted. {@code SmugglingCorpusIT} is the corpus this is checked against.
 */
final class RequestGuard extends ChannelDuplexHandler {

  private boolean rejected;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof Rejection) {
      rejected = true;
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpObject obj) {
      Optional<Rejection> problem = check(obj);
      if (problem.isPresent()) {
        ReferenceCountUtil.release(msg);
        // The proxy handler answers in order, after any earlier pipelined response.
        rejected = true;
        ctx.fireChannelRead(problem.get());
        return;
      }
      if (msg instanceof HttpRequest) {
        ConnectionTimeouts timeouts = ctx.pipeline().get(ConnectionTimeouts.class);
        if (timeouts != null) {
          timeouts.requestStarted();
        }
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent) {
      ConnectionTimeouts timeouts = ctx.pipeline().get(ConnectionTimeouts.class);
      if (timeouts != null) {
        promise.addListener(
            f -> {
              if (f.isSuccess() && ctx.channel().isActive()) {
                timeouts.responseFinished();
              }
            });
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (Http1Pipeline.isHttp2Upgrade(evt)) {
      // From here on the connection speaks HTTP/2: stream channels carry the exchanges, and the
      // connection itself must keep reading for flow control and pings.
      ConnectionTimeouts timeouts = ctx.pipeline().get(ConnectionTimeouts.class);
      if (timeouts != null) {
        ctx.pipeline().remove(timeouts);
      }
      HeadScanner scanner = ctx.pipeline().get(HeadScanner.class);
      if (scanner != null) {
        ctx.pipeline().remove(scanner);
      }
      ctx.channel().config().setAutoRead(true);
      ctx.fireUserEventTriggered(evt);
      // The HTTP/1 proxy handler has nothing to do on an HTTP/2 connection; with prior knowledge
      // the HTTP/2 handlers were even appended after it.
      ProxyHandler proxy = ctx.pipeline().get(ProxyHandler.class);
      if (proxy != null) {
        ctx.pipeline().remove(proxy);
      }
      ctx.pipeline().remove(this);
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** A refused request: status and the reason written into the problem body. */
  record Rejection(HttpResponseStatus status, String message) {}

  static Optional<Rejection> check(HttpObject obj) {
    DecoderResult result = obj.decoderResult();
    if (result.isFailure()) {
      return Optional.of(fromDecoderFailure(result.cause()));
    }
    if (obj instanceof HttpRequest request) {
      return checkHead(request);
    }
    return Optional.empty();
  }

  private static Rejection fromDecoderFailure(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new Rejection(
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields too large");
    }
    if (cause instanceof TooLongFrameException) {
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "request too large");
    }
    return new Rejection(HttpResponseStatus.BAD_REQUEST, "bad request");
  }

  static Optional<Rejection> checkHead(HttpRequest request) {
    HttpHeaders headers = request.headers();
    List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    List<String> cl = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        return bad("both Content-Length and Transfer-Encoding");
      }
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        return bad("Transfer-Encoding in an HTTP/1.0 request");
      }
      if (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked")) {
        // 400 rather than RFC 9112's 501 for an unknown coding: a list, a repeat or an obfuscated
        // spelling is exactly what a back end might read as chunked when we do not (TE.TE).
        return bad("unsupported Transfer-Encoding");
      }
    }
    if (cl.size() > 1) {
      return bad("repeated Content-Length");
    }
    if (cl.size() == 1 && !isDigits(cl.get(0))) {
      return bad("invalid Content-Length");
    }
    List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return bad("repeated Host");
    }
    if (hosts.isEmpty() && !request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      return bad("missing Host");
    }
    if (!isVisibleAscii(request.uri())) {
      return bad("invalid request target");
    }
    for (Map.Entry<String, String> header : headers) {
      if (!isToken(header.getKey())) {
        return bad("invalid header name");
      }
      if (resemblesFramingHeader(header.getKey())) {
        return bad("header name resembling " + header.getKey().replace('_', '-'));
      }
      if (!isFieldValue(header.getValue())) {
        return bad("invalid header value");
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> bad(String message) {
    return Optional.of(new Rejection(HttpResponseStatus.BAD_REQUEST, message));
  }

  /** Answers a refused request and closes the connection: its remaining bytes are not trusted. */
  static void answer(ChannelHandlerContext ctx, Rejection rejection, String requestId) {
    FullHttpResponse response =
        Problems.json(ctx.alloc(), rejection.status(), rejection.message(), requestId);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * {@code Transfer_Encoding} and {@code Content_Length} are valid tokens that we do not read as
   * framing, but CGI-style back ends map {@code _} to {@code -} and would (a TE.CL desync).
   */
  static boolean resemblesFramingHeader(String name) {
    if (name.indexOf('_') < 0) {
      return false;
    }
    String normalised = name.replace('_', '-');
    return normalised.equalsIgnoreCase("transfer-encoding") || normalised.equalsIgnoreCase("content-length");
  }

  /** A request target: visible US-ASCII only (RFC 9112 §3.2; no CTL, space or obs-text). */
  static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** RFC 9110 §5.6.2 token. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** RFC 9110 §5.5: visible characters, SP and HTAB (obs-text allowed); no CR, LF, NUL. */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }
}
