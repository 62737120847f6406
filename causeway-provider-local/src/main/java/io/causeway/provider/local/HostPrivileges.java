package io.causeway.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What this process may do to the host's networking, read from {@code /proc/self/status}: its
 * effective uid and effective capabilities. Creating namespaces needs CAP_SYS_ADMIN (they are
 * bind-mounted under {@code /run/netns}) and changing links and routes needs CAP_NET_ADMIN; root
 * normally has both.
 */
record HostPrivileges(String osName, long effectiveUid, long effectiveCapabilities) {
  static final int CAP_NET_ADMIN = 12;
  static final int CAP_SYS_ADMIN = 21;

  static HostPrivileges current() {
    String os = System.getProperty("os.name", "unknown");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return new HostPrivileges(os, -1, 0);
    }
    try {
      return parse(os, Files.readString(Path.of("/proc/self/status")));
    } catch (IOException e) {
      return new HostPrivileges(os, -1, 0);
    }
  }

  /** Reads the {@code Uid:} and {@code CapEff:} lines of a {@code /proc/<pid>/status} text. */
  static HostPrivileges parse(String os, String status) {
    long uid = -1;
    long caps = 0;
    for (String line : status.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields[0].equals("Uid:") && fields.length > 2) {
        uid = Long.parseLong(fields[2]);
      } else if (fields[0].equals("CapEff:") && fields.length > 1) {
        caps = Long.parseUnsignedLong(fields[1], 16);
      }
    }
    return new HostPrivileges(os, uid, caps);
  }

  boolean isLinux() {
    return osName.toLowerCase(Locale.ROOT).startsWith("linux");
  }

  boolean has(int capability) {
    return (effectiveCapabilities & (1L << capability)) != 0;
  }

  /** Why the local provider cannot run with these privileges, or empty when it can. */
  Optional<String> missing() {
    if (!isLinux()) {
      return Optional.of("needs Linux network namespaces (this is " + osName + ")");
    }
    if (has(CAP_NET_ADMIN) && has(CAP_SYS_ADMIN)) {
      return Optional.empty();
    }
    String who = effectiveUid >= 0 ? "running as uid " + effectiveUid : "uid unknown";
    String lacking = !has(CAP_NET_ADMIN) ? "CAP_NET_ADMIN" : "CAP_SYS_ADMIN";
    return Optional.of(
        "needs root or CAP_NET_ADMIN and CAP_SYS_ADMIN on Linux ("
            + who
            + ", without "
            + lacking
            + ")");
  }
}
