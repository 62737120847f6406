package io.causeway.gateway;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * Test access to a joined data plane's TLS identity (package-private in the gateway), so a
 * control-plane test can speak the cluster protocol itself as that node.
 */
public final class NodeTls {
  private NodeTls() {}

  /** The TLS context of the node that joined with data directory {@code dataDir}. */
  public static SSLContext of(Path dataDir) {
    return ClusterIdentity.load(dataDir.resolve("cluster")).orElseThrow().sslContext();
  }
}
