package io.causeway.controlplane;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data plane's WebSocket. Snapshots are sent by one sender at a time, newest first: a
 * snapshot offered while another is being sent replaces any still waiting (data planes want the
 * latest configuration, not the history, as in Kong's hybrid mode). A snapshot of the version
 * last sent is sent again only when its hash differs (its network's DNS forwarding changed).
 * The first snapshot of a connection is sent whole ({@code reconfigure}); the next ones as
 * deltas from the previous one sent ({@link SnapshotDelta}) until the data plane asks for a
 * whole one again ({@link #resync}).
 */
final class ClusterConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final UUID nodeId;
  private final UUID controlPlaneId;
  private final Optional<UUID> networkId;
  private final Session session;
  private final Object lock = new Object();
  private Snapshot pending;
  private boolean sending;
  /** The last snapshot sent (touched by the one sender); null: none yet, the next is whole. */
  private Snapshot sent;
  private boolean resync;

  ClusterConnection(UUID nodeId, UUID controlPlaneId, Optional<UUID> networkId,
      Session session) {
    this.nodeId = nodeId;
    this.controlPlaneId = controlPlaneId;
    this.networkId = networkId;
    this.session = session;
  }

  UUID nodeId() {
    return nodeId;
  }

  UUID controlPlaneId() {
    return controlPlaneId;
  }

  /** The network the node was bound to by its join token; empty: in no network. */
  Optional<UUID> networkId() {
    return networkId;
  }

  void offer(Snapshot snapshot) {
    synchronized (lock) {
      if (pending == null || snapshot.version() >= pending.version()) {
        pending = snapshot;
      }
      if (sending) {
        return;
      }
      sending = true;
    }
    Thread.ofVirtual().name("cluster-send-" + nodeId).start(this::drain);
  }

  /**
   * Forgets what was sent: the next snapshot goes whole, even of the version last sent (the data
   * plane asked for it, its copy did not match a delta).
   */
  void resync() {
    synchronized (lock) {
      resync = true;
    }
  }

  private void drain() {
    while (true) {
      Snapshot next;
      boolean whole;
      synchronized (lock) {
        next = pending;
        pending = null;
        whole = resync;
        resync = false;
        if (next == null || !session.isOpen()) {
          sending = false;
          return;
        }
      }
      if (whole) {
        sent = null;
      }
      if (sent == null || next.version() > sent.version()
          || (next.version() == sent.version() && !next.configHash().equals(sent.configHash()))) {
        // The first snapshot of a connection (or after a resync) is whole; later ones are
        // deltas from the one sent before, in order, on this one sender.
        String message = sent == null ? reconfigure(next)
            : SnapshotDelta.message(sent, next).orElseGet(() -> reconfigure(next));
        if (!send(message)) {
          synchronized (lock) {
            sending = false;
          }
          return;
        }
        sent = next;
      }
    }
  }

  /** Sends one text message and waits for it to be written; false if the session failed. */
  boolean send(String text) {
    try {
      // One message at a time per session, waiting for each to be written: a pong never
      // interleaves with a snapshot still being flushed.
      synchronized (session) {
        Callback.Completable done = new Callback.Completable();
        session.sendText(text, done);
        done.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.info("cluster: sending to node {} failed, closing: {}", nodeId, e.toString());
      session.close();
      return false;
    }
  }

  void close() {
    session.close();
  }

  /** The push message; the snapshot's JSON is spliced in as is (it is large: no re-encoding). */
  static String reconfigure(Snapshot snapshot) {
    return "{\"type\":\"reconfigure\",\"version\":" + snapshot.version()
        + ",\"config_hash\":\"" + snapshot.configHash() + "\",\"config\":"
        + snapshot.config() + "}";
  }
}
