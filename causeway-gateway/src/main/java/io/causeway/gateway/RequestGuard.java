package io.causeway.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Refused HTTP/1 requests. {@link Http1RequestDecoder} refuses every request a back end could
 * frame differently than we do, {@link BodyDeadline} a body that arrives too slowly; the proxy
 * handler answers the refusal in order, after earlier pipelined responses, with a JSON problem
 * (400, 408, 414 or 431) and closes the connection, since the rest of its bytes cannot be trusted.
 * {@code SmugglingCorpusIT} is the corpus the decoder is checked against.
 */
final class RequestGuard {

  private RequestGuard() {}

  /** A refused request: status and the reason written into the problem body. */
  record Rejection(HttpResponseStatus status, String message) {}

  /** Answers a refused request and closes the connection: its remaining bytes are not trusted. */
  static void answer(ChannelHandlerContext ctx, Rejection rejection, String requestId) {
    FullHttpResponse response =
        Problems.json(ctx.alloc(), rejection.status(), rejection.message(), requestId);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
