package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A growable byte array where an HTTP/1 head is laid out before one copy into a buffer: the
 * direct buffers' small writes (a bounds-checked NIO call each) cost more than the head's bytes.
 * One per event loop, shared by the encoders of both legs: a head is laid out and copied out
 * before anything else runs there.
 */
final class HeadScratch {

  private static final FastThreadLocal<HeadScratch> LOCAL =
      new FastThreadLocal<>() {
        @Override
        protected HeadScratch initialValue() {
          return new HeadScratch();
        }
      };

  byte[] bytes = new byte[1024];
  int length;

  /** The calling thread's scratch, emptied. */
  static HeadScratch current() {
    HeadScratch s = LOCAL.get();
    s.length = 0;
    return s;
  }

  void put(byte b) {
    if (length == bytes.length) {
      grow(1);
    }
    bytes[length++] = b;
  }

  /** Two bytes, e.g. CR LF or colon and space. */
  void put(byte a, byte b) {
    if (bytes.length - length < 2) {
      grow(2);
    }
    bytes[length] = a;
    bytes[length + 1] = b;
    length += 2;
  }

  void put(CharSequence s) {
    int n = s.length();
    if (bytes.length - length < n) {
      grow(n);
    }
    if (s instanceof AsciiString a) {
      System.arraycopy(a.array(), a.arrayOffset(), bytes, length, n);
    } else {
      byte[] b = bytes;
      int o = length;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        // As Netty's encoders (AsciiString.c2b): Latin-1 as is, anything wider as '?'.
        b[o + i] = c <= 0xFF ? (byte) c : (byte) '?';
      }
    }
    length += n;
  }

  /** {@code a[from, to)} as it is. */
  void put(byte[] a, int from, int to) {
    int n = to - from;
    if (bytes.length - length < n) {
      grow(n);
    }
    System.arraycopy(a, from, bytes, length, n);
    length += n;
  }

  /** Each field as a {@code name: value} line, then the empty line that ends the head. */
  void putFields(HttpHeaders headers) {
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      put(e.getKey());
      put((byte) ':', (byte) ' ');
      put(e.getValue());
      put((byte) '\r', (byte) '\n');
    }
    put((byte) '\r', (byte) '\n');
  }

  /** The head so far, then {@code body}'s readable bytes (when not null), in one new buffer. */
  ByteBuf copyOut(ByteBufAllocator alloc, ByteBuf body) {
    int bodyLength = body == null ? 0 : body.readableBytes();
    ByteBuf buf = alloc.buffer(length + bodyLength);
    buf.writeBytes(bytes, 0, length);
    if (bodyLength > 0) {
      buf.writeBytes(body, body.readerIndex(), bodyLength);
    }
    return buf;
  }

  private void grow(int n) {
    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
  }
}
