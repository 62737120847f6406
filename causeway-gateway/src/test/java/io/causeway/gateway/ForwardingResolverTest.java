package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The paths of the forwarding resolver that never reach a DNS server. */
@Timeout(10)
class ForwardingResolverTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DnsForwardingEntry CORP =
      new DnsForwardingEntry(List.of("corp.example"), List.of("127.0.0.1:1"));

  private final EventLoopGroup group =
      Transport.best().newGroup(1, new DefaultThreadFactory("forwarding-test"));
  private final FakeSystem system = new FakeSystem();
  private final ForwardingResolver resolver = new ForwardingResolver(List.of(CORP), system,
      Transport.best(), ForwardingSettings.defaults(), new ForwardingTestClock());

  @AfterEach
  void tearDown() {
    resolver.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void answersIpLiteralsWithoutAskingAnyone() throws Exception {
    assertThat(resolver.resolve("10.1.2.3", loop()).get()).isEqualTo(InetAddress.getByName("10.1.2.3"));
    assertThat(resolver.resolve("::1", loop()).get()).isEqualTo(InetAddress.getByName("::1"));
    assertThat(system.asked).isEmpty();
  }

  @Test
  void leavesNamesOutsideEveryDomainToTheSystemResolver() throws Exception {
    assertThat(resolver.resolve("www.example.org", loop()).get()).isEqualTo(FakeSystem.ANSWER);
    assertThat(resolver.resolveAll("xcorp.example", loop()).get()).containsExactly(FakeSystem.ANSWER);
    assertThat(system.asked).containsExactly("www.example.org", "xcorp.example");
  }

  @Test
  void reportsASystemResolverFailureInItsDiagnostics() throws Exception {
    JsonNode d = JSON.readTree(resolver.diagnose("missing.example.org", loop()).get().toJson());

    assertThat(d.get("resolver").asText()).isEqualTo("system");
    assertThat(d.get("outcome").asText()).isEqualTo("unreachable");
    assertThat(d.get("error").asText()).isEqualTo("missing.example.org: not in the fake");
    assertThat(d.get("matched_domain").isNull()).isTrue();
  }

  @Test
  void servesDiagnosticsForANameGivenInTheQuery() throws Exception {
    ResolveDiagnostics.Reply reply =
        ResolveDiagnostics.serve(resolver, "/diagnostics/resolve?name=www.example.org", loop()).get();

    assertThat(reply.status()).isEqualTo(200);
    assertThat(JSON.readTree(reply.json()).get("addresses").get(0).asText())
        .isEqualTo(FakeSystem.ANSWER.getHostAddress());
  }

  @Test
  void refusesADiagnosticsRequestWithoutAUsableName() throws Exception {
    ResolveDiagnostics.Reply missing =
        ResolveDiagnostics.serve(resolver, "/diagnostics/resolve", loop()).get();
    ResolveDiagnostics.Reply bad =
        ResolveDiagnostics.serve(resolver, "/diagnostics/resolve?name=a%20b", loop()).get();

    assertThat(missing.status()).isEqualTo(400);
    assertThat(JSON.readTree(missing.json()).get("message").asText())
        .isEqualTo("name: required (expected: ?name=<host name>)");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(JSON.readTree(bad.json()).get("message").asText())
        .isEqualTo("name: a b (expected: a host name or IP address)");
  }

  @Test
  void answersNotFoundForDiagnosticsWhenForwardingIsNotInUse() throws Exception {
    ResolveDiagnostics.Reply reply =
        ResolveDiagnostics.serve(system, "/diagnostics/resolve?name=a.corp.example", loop()).get();

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void dropsTheWholeTableOnASwapToAnEmptyOne() throws Exception {
    resolver.updateTable(List.of());

    assertThat(resolver.table().isEmpty()).isTrue();
    assertThat(resolver.resolve("api.corp.example", loop()).get()).isEqualTo(FakeSystem.ANSWER);
  }

  @Test
  void closesTheSystemResolverItOwns() {
    resolver.close();

    assertThat(system.closed).isTrue();
  }

  private EventLoop loop() {
    return group.next();
  }

  private static final class FakeSystem implements HostResolver {
    static final InetAddress ANSWER = InetAddress.getLoopbackAddress();
    final List<String> asked = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public Future<InetAddress> resolve(String host, EventLoop loop) {
      asked.add(host);
      return host.startsWith("missing.")
          ? loop.newFailedFuture(new UnknownHostException(host + ": not in the fake"))
          : loop.newSucceededFuture(ANSWER);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
