package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a snapshot with the memo of the previous one gives what a full read gives. */
class DeclarativeConfigMemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "5b4a0f3e-1d0c-4f53-9a3e-2a1f0c9b7d01";

  private static String route(int i, String path) {
    return "{\"id\":\"00000000-0000-4000-8000-" + String.format("%012d", i) + "\",\"name\":\"r"
        + i + "\",\"protocols\":[\"http\",\"https\"],\"paths\":[\"" + path + "\"],"
        + "\"strip_path\":true,\"service\":{\"id\":\"" + SERVICE + "\"}}";
  }

  private static JsonNode doc(List<String> routes) throws Exception {
    return JSON.readTree("{\"_format_version\":\"3.0\",\"services\":[{\"id\":\"" + SERVICE
        + "\",\"name\":\"s\",\"host\":\"127.0.0.1\",\"port\":9}],\"routes\":["
        + String.join(",", routes) + "]}");
  }

  private static List<ConfigProblem> problems(Runnable read) {
    Throwable t = catchThrowable(read::run);
    assertThat(t).isInstanceOf(ConfigException.class);
    return ((ConfigException) t).problems();
  }

  @Test
  void aReadWithTheMemoOfThePreviousSnapshotEqualsAFullRead() throws Exception {
    DeclarativeConfigReader first = new DeclarativeConfigReader();
    first.read(doc(List.of(route(1, "/a"), route(2, "/b"), route(3, "/c"))));
    // A route inserted in front shifts the others' creation order; one route changed.
    JsonNode next = doc(List.of(route(4, "/d"), route(1, "/a"), route(2, "/b2"), route(3, "/c")));

    DeclarativeConfigReader memoised = new DeclarativeConfigReader(first.memo());
    GatewayConfig withMemo = memoised.read(next);
    GatewayConfig full = new DeclarativeConfigReader().read(next);

    assertThat(withMemo.sameContent(full)).isTrue();
    assertThat(withMemo.hash()).isEqualTo(full.hash());
    assertThat(withMemo.routes()).extracting(RouteDef::createdIndex).containsExactly(0, 1, 2, 3);
    assertThat(memoised.memo().size()).isEqualTo(4);
  }

  @Test
  void aRememberedRouteStillCountsForDuplicateIdsAndNames() throws Exception {
    DeclarativeConfigReader first = new DeclarativeConfigReader();
    first.read(doc(List.of(route(1, "/a"), route(2, "/b"))));
    JsonNode duplicated = doc(List.of(route(1, "/a"), route(2, "/b"), route(1, "/a")));

    List<ConfigProblem> withMemo =
        problems(() -> new DeclarativeConfigReader(first.memo()).read(duplicated));
    List<ConfigProblem> full = problems(() -> new DeclarativeConfigReader().read(duplicated));

    assertThat(withMemo).isEqualTo(full).isNotEmpty();
    assertThat(withMemo).extracting(ConfigProblem::path).contains("routes[2].id", "routes[2].name");
  }

  @Test
  void aRouteOfAnotherServiceIsCheckedAgain() throws Exception {
    DeclarativeConfigReader first = new DeclarativeConfigReader();
    first.read(doc(List.of(route(1, "/a"))));
    // The same JSON naming a service that is not in the document: refused as on a full read.
    JsonNode orphan = doc(List.of(route(1, "/a").replace(SERVICE,
        "6b4a0f3e-1d0c-4f53-9a3e-2a1f0c9b7d01")));

    assertThat(problems(() -> new DeclarativeConfigReader(first.memo()).read(orphan)))
        .isEqualTo(problems(() -> new DeclarativeConfigReader().read(orphan)));
  }

  @Test
  void sameContentIgnoresHowTheConfigurationWasRead() throws Exception {
    JsonNode one = doc(List.of(route(1, "/a")));
    DeclarativeConfigReader first = new DeclarativeConfigReader();
    GatewayConfig a = first.read(one);
    GatewayConfig b = new DeclarativeConfigReader(first.memo()).read(doc(List.of(route(1, "/a"))));
    GatewayConfig c = new DeclarativeConfigReader().read(doc(List.of(route(1, "/z"))));

    assertThat(a.sameContent(b)).isTrue();
    assertThat(a.sameContent(c)).isFalse();
    assertThat(a.sameContent(c)).isEqualTo(a.hash().equals(c.hash()));
  }
}
