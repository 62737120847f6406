package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The leak guard must actually catch a leak, or every test relying on it proves nothing. */
class NettyLeakGuardTest {

  @Test
  void failsWhenABufferIsGarbageCollectedUnreleased() {
    NettyLeakGuard guard = new NettyLeakGuard();
    guard.beforeEach(null);
    leakOne();
    assertThatThrownBy(() -> guard.afterEach((ExtensionContext) null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LEAK");
    guard.beforeEach(null);
  }

  @Test
  void passesWhenEveryBufferIsReleased() {
    NettyLeakGuard guard = new NettyLeakGuard();
    guard.beforeEach(null);
    ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(32);
    b.writeInt(1);
    assertThat(b.release()).isTrue();
    guard.afterEach(null);
  }

  private static void leakOne() {
    ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(32);
    b.writeInt(42);
  }
}
