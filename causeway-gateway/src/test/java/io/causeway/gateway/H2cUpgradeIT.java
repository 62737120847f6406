package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * h2c by upgrade (RFC 7540 §3.2) through the strict HTTP/1 codec: the upgraded request is answered
 * on stream 1 over HTTP/2, and a request that asks for no upgrade stays HTTP/1.1.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class H2cUpgradeIT {

  /** An empty SETTINGS payload, base64url. */
  private static final String UPGRADE = "GET /up HTTP/1.1\r\nHost: h2.example\r\nConnection: Upgrade, HTTP2-Settings\r\n"
      + "Upgrade: h2c\r\nHTTP2-Settings: \r\n\r\n";

  @Test
  void answersAnUpgradedRequestOnStreamOneOverHttp2() throws Exception {
    try (FakeUpstream origin = new FakeUpstream(); DataPlane dp = TestGateways.start();
        Socket s = new Socket(InetAddress.getLoopbackAddress(), portOf(dp, origin))) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      assertThat(FakeUpstream.readLine(in)).startsWith("HTTP/1.1 101");
      String line;
      while ((line = FakeUpstream.readLine(in)) != null && !line.isEmpty()) {
        // headers of the 101
      }
      s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      s.getOutputStream().flush();
      assertThat(firstHeadersStream(new DataInputStream(in))).isEqualTo(1);
    }
  }

  @Test
  void aRequestWithoutUpgradeStaysHttp1AndTheConnectionServesMore() throws Exception {
    try (FakeUpstream origin = new FakeUpstream(); DataPlane dp = TestGateways.start();
        RawHttp c = new RawHttp(portOf(dp, origin))) {
      c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
      c.send(UPGRADE.replace("/up", "/b"));
      RawHttp.Response r = c.read();
      assertThat(r.status()).as("an upgrade later on the connection is not taken").isEqualTo(200);
      assertThat(origin.last().target()).isEqualTo("/b");
    }
  }

  private static int portOf(DataPlane dp, FakeUpstream origin) {
    dp.apply(TestGateways.direct(origin.port()));
    return dp.proxyPort();
  }

  /** Reads frames until a HEADERS frame and returns its stream id. */
  private static int firstHeadersStream(DataInputStream in) throws IOException {
    while (true) {
      int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      in.readUnsignedByte();
      int stream = in.readInt() & 0x7fffffff;
      in.skipNBytes(length);
      if (type == 1) {
        return stream;
      }
      assertThat(type).as("no GOAWAY before the response").isNotEqualTo(7);
    }
  }
}
