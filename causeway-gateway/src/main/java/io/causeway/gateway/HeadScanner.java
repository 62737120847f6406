package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sits before the HTTP/1 decoder and refuses obsolete line folding (RFC 9112 §5.2), which Netty's
 * decoder silently joins into one value, so a back end that splits folded lines would read other
 * headers than we checked. It follows request framing (Content-Length, chunked) well enough to
 * find each header section; when framing is malformed it stops looking, since the decoder then
 * fails the request and the connection closes anyway.
 *
 * <p>On a fold it forwards the bytes before the offending request and then a {@link
 * RequestGuard.Rejection}, so the refusal is answered in order after earlier pipelined responses.
 */
final class HeadScanner extends ChannelInboundHandlerAdapter {

  private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, OFF }

  private static final String H2_PREFACE = "PRI * HTTP/2.0";

  private final int maxLine;
  private final StringBuilder line = new StringBuilder();
  private State state = State.HEAD;
  private int headLines;
  private int lineLength;
  private boolean capturing;
  private byte firstByte;
  private long remaining;
  private long contentLength = -1;
  private boolean chunked;

  HeadScanner(int maxLine) {
    this.maxLine = maxLine;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.OFF || !(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    int end = buf.writerIndex();
    int requestStart = buf.readerIndex();
    int i = buf.readerIndex();
    while (i < end && state != State.OFF) {
      if (state == State.FIXED_BODY || state == State.CHUNK_DATA) {
        int take = (int) Math.min(remaining, end - i);
        remaining -= take;
        i += take;
        if (remaining == 0) {
          state = state == State.FIXED_BODY ? State.HEAD : State.CHUNK_DATA_END;
        }
        continue;
      }
      if (lineLength == 0) {
        byte first = buf.getByte(i);
        firstByte = first;
        if (state == State.HEAD && headLines == 0) {
          requestStart = i;
        }
        if (state == State.HEAD && headLines > 0 && (first == ' ' || first == '\t')) {
          reject(ctx, buf, requestStart);
          return;
        }
        // Only the request line, framing headers and chunk lines are ever looked at closely.
        capturing = state != State.HEAD || headLines == 0 || first == 't' || first == 'T' || first == 'c' || first == 'C';
      }
      int lf = buf.indexOf(i, end, (byte) '\n');
      int segmentEnd = lf < 0 ? end : lf;
      lineLength += segmentEnd - i;
      if (lineLength > maxLine) {
        state = State.OFF;
        break;
      }
      if (capturing) {
        line.append(buf.toString(i, segmentEnd - i, StandardCharsets.ISO_8859_1));
      }
      if (lf < 0) {
        break;
      }
      i = lf + 1;
      endOfLine();
    }
    ctx.fireChannelRead(msg);
    if (state == State.OFF && ctx.pipeline().context(this) != null) {
      ctx.pipeline().remove(this);
    }
  }

  private void endOfLine() {
    int length = lineLength;
    String text = capturing ? stripCr(line.toString()) : "";
    line.setLength(0);
    lineLength = 0;
    if (!capturing && state == State.HEAD) {
      // An uninteresting header line, or the empty line ending the section.
      boolean empty = length == 0 || (length == 1 && firstByte == '\r');
      headLineSkipped(empty);
      return;
    }
    switch (state) {
      case HEAD -> headLine(text);
      case CHUNK_SIZE -> chunkSize(text);
      case CHUNK_DATA_END -> state = text.isEmpty() ? State.CHUNK_SIZE : State.OFF;
      case TRAILERS -> {
        if (text.isEmpty()) {
          state = State.HEAD;
        }
      }
      default -> state = State.OFF;
    }
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private void headLineSkipped(boolean empty) {
    if (empty) {
      headLine("");
    } else {
      headLines++;
    }
  }

  private void headLine(String text) {
    if (headLines == 0) {
      if (text.isEmpty()) {
        return;
      }
      if (text.startsWith(H2_PREFACE)) {
        state = State.OFF;
        return;
      }
      headLines = 1;
      contentLength = -1;
      chunked = false;
      return;
    }
    if (!text.isEmpty()) {
      headLines++;
      int colon = text.indexOf(':');
      if (colon > 0) {
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        if (name.equals("transfer-encoding")) {
          chunked = value.endsWith("chunked");
        } else if (name.equals("content-length") && RequestGuard.isDigits(value)) {
          contentLength = Long.parseLong(value);
        }
      }
      return;
    }
    headLines = 0;
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength > 0) {
      remaining = contentLength;
      state = State.FIXED_BODY;
    }
  }

  private void chunkSize(String text) {
    int semi = text.indexOf(';');
    String hex = (semi >= 0 ? text.substring(0, semi) : text).trim();
    try {
      long size = Long.parseLong(hex, 16);
      if (size < 0 || hex.isEmpty() || hex.startsWith("+") || hex.startsWith("-")) {
        state = State.OFF;
      } else if (size == 0) {
        state = State.TRAILERS;
      } else {
        remaining = size;
        state = State.CHUNK_DATA;
      }
    } catch (NumberFormatException e) {
      state = State.OFF;
    }
  }

  private void reject(ChannelHandlerContext ctx, ByteBuf buf, int requestStart) {
    state = State.OFF;
    if (requestStart > buf.readerIndex()) {
      ctx.fireChannelRead(buf.retainedSlice(buf.readerIndex(), requestStart - buf.readerIndex()));
    }
    buf.release();
    ctx.fireChannelRead(
        new RequestGuard.Rejection(HttpResponseStatus.BAD_REQUEST, "obsolete line folding in headers"));
    ctx.pipeline().remove(this);
  }
}
