package io.causeway.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Mutual exclusion on a lock file, across threads of this JVM and across processes. A {@link
 * FileLock} alone is per JVM (a second lock on the same file from this JVM throws), so a reentrant
 * lock per path guards it and only the outermost holder takes the file lock.
 */
final class FileMutex {
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock lock;

  FileMutex(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.lock = LOCKS.computeIfAbsent(this.file, p -> new ReentrantLock());
  }

  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      if (lock.getHoldCount() > 1) {
        return body.get();
      }
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock held = channel.lock();
        try {
          return body.get();
        } finally {
          held.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot lock " + file, e);
    } finally {
      lock.unlock();
    }
  }

  void locked(Runnable body) {
    locked(
        () -> {
          body.run();
          return null;
        });
  }
}
