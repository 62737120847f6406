package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Netty's leak detector reports a buffer that was garbage collected without
 * being released. Netty reports a leak only on a later allocation after the GC, so after each
 * test this collects garbage a few times and allocates, then checks what the detector logged.
 */
final class NettyLeakGuard implements BeforeEachCallback, AfterEachCallback {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains("LEAK:")) {
              LEAKS.add(event.getFormattedMessage());
            }
          }
        };
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    LEAKS.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (int i = 0; i < 4; i++) {
      System.gc();
      for (ByteBufAllocator alloc :
          List.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
        for (int j = 0; j < 64; j++) {
          ByteBuf b = alloc.directBuffer(16);
          b.release();
          b = alloc.heapBuffer(16);
          b.release();
        }
      }
    }
    assertThat(LEAKS).as("Netty leak reports").isEmpty();
  }
}
