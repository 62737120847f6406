package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the proxy makes itself: Kong-like JSON bodies carrying the request id. */
final class Problems {

  static final String REQUEST_ID_HEADER = "X-Causeway-Request-Id";

  private Problems() {}

  static FullHttpResponse json(
      ByteBufAllocator alloc, HttpResponseStatus status, String message, String requestId) {
    String body =
        "{\"message\":\""
            + escape(message)
            + "\",\"request_id\":\""
            + escape(requestId)
            + "\"}";
    ByteBuf content = alloc.buffer(body.length());
    content.writeCharSequence(body, StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
        .set(REQUEST_ID_HEADER, requestId)
        .set(HttpHeaderNames.SERVER, "causeway");
    return response;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
