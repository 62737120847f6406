package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store lives and how many connections it may hold.
 *
 * @param jdbcUrl an H2 ({@code jdbc:h2:...}) or PostgreSQL ({@code jdbc:postgresql:...}) URL
 * @param user database user, when not part of the URL
 * @param password database password, when not part of the URL; never logged
 * @param maxPoolSize upper bound of the connection pool
 */
public record StoreSettings(
    String jdbcUrl, Optional<String> user, Optional<String> password, int maxPoolSize) {

  public StoreSettings {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl: " + redact(jdbcUrl) + " (expected: jdbc:h2:... or jdbc:postgresql:...)");
    }
    if (maxPoolSize < 1 || maxPoolSize > 200) {
      throw new IllegalArgumentException(
          "maxPoolSize: " + maxPoolSize + " (expected: 1-200)");
    }
  }

  /** A PostgreSQL or H2 URL with credentials inside it (or none needed). */
  public static StoreSettings of(String jdbcUrl) {
    return new StoreSettings(jdbcUrl, Optional.empty(), Optional.empty(), 10);
  }

  /**
   * The embedded default: one H2 file {@code causeway.mv.db} in {@code dataDir} (created if
   * missing), owned by one process at a time.
   */
  public static StoreSettings h2File(Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    // AUTO_SERVER=FALSE: one process owns the file; a second one fails fast instead of
    // silently becoming a TCP client of the first.
    String file = dataDir.toAbsolutePath().resolve("causeway").toString();
    if (file.contains(";")) {
      // H2 reads ';' in a URL as the start of a setting.
      throw new IllegalArgumentException("dataDir: " + dataDir + " (expected: no ';' in the path)");
    }
    String url = "jdbc:h2:file:" + file + ";AUTO_SERVER=FALSE";
    return new StoreSettings(url, Optional.empty(), Optional.empty(), 8);
  }

  /**
   * A named in-memory H2 database that lives as long as the JVM, for tests. Two stores opened
   * with the same name share it, like two replicas sharing one PostgreSQL.
   */
  public static StoreSettings h2InMemory(String name) {
    requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_-]{1,100}")) {
      throw new IllegalArgumentException(
          "name: " + name + " (expected: 1-100 letters, digits, '_' or '-')");
    }
    return new StoreSettings(
        "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", Optional.empty(), Optional.empty(), 8);
  }

  boolean isPostgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /** The URL without its query string, which may carry a password. */
  String redactedUrl() {
    return redact(jdbcUrl);
  }

  private static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?...";
  }

  @Override
  public String toString() {
    return "StoreSettings[jdbcUrl="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + (password.isPresent() ? "<set>" : "<none>")
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
