package io.causeway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session and proxy endpoints over real HTTP on loopback, without a browser. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebUiIT {
  private static final Pattern CSRF = Pattern.compile("\"csrf\":\"([A-Za-z0-9_-]+)\"");
  private UiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = UiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesTheAppAndItsAssetsWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = send("GET", "/", Optional.empty(), Optional.empty(), "");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("/ui/assets/js/app.js");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    HttpResponse<String> script =
        send("GET", "/ui/assets/js/app.js", Optional.empty(), Optional.empty(), "");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(
            send("GET", "/ui/assets/../WebUi.class", Optional.empty(), Optional.empty(), "")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            send("GET", "/ui/assets/js/nope.js", Optional.empty(), Optional.empty(), "")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void refusesAWrongTokenWithoutStartingASession() throws Exception {
    HttpResponse<String> answer = signIn("cw_pat_wrong");
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(answer.body()).contains("not accepted").doesNotContain("cw_pat_wrong");
  }

  @Test
  void signsInWithAnHttpOnlyStrictCookieThatNeverCarriesTheToken() throws Exception {
    HttpResponse<String> answer = signIn(FakeApi.TOKEN);
    assertThat(answer.statusCode()).isEqualTo(201);
    String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith(WebUi.COOKIE + "=")
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        .doesNotContain("Secure")
        .doesNotContain(FakeApi.TOKEN);
    assertThat(answer.body()).doesNotContain(FakeApi.TOKEN).contains("\"csrf\":");

    HttpResponse<String> who =
        send("GET", "/ui/session", Optional.of(sessionCookie(cookie)), Optional.empty(), "");
    assertThat(who.body()).contains("\"signed_in\":true").doesNotContain(FakeApi.TOKEN);
  }

  @Test
  void forwardsCallsWithTheSessionsBearerTokenAndRequiresTheCsrfHeaderOnUnsafeOnes()
      throws Exception {
    HttpResponse<String> login = signIn(FakeApi.TOKEN);
    String cookie = sessionCookie(login.headers().firstValue("Set-Cookie").orElseThrow());
    String csrf = csrf(login.body());
    String body =
        "{\"name\":\"edge\",\"cloud_gateway_provider_account_id\":\""
            + FakeApi.ACCOUNT_ID
            + "\",\"region\":\"local\",\"availability_zones\":[\"local-1\"],"
            + "\"cidr_block\":\"10.1.0.0/16\"}";

    HttpResponse<String> list =
        send(
            "GET",
            "/ui/api/v2/cloud-gateways/networks?page%5Bsize%5D=10",
            Optional.of(cookie),
            Optional.empty(),
            "");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(server.api.authorizations).contains("Bearer " + FakeApi.TOKEN);

    assertThat(
            send(
                    "POST",
                    "/ui/api/v2/cloud-gateways/networks",
                    Optional.of(cookie),
                    Optional.empty(),
                    body)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "/ui/api/v2/cloud-gateways/networks",
                    Optional.of(cookie),
                    Optional.of("forged"),
                    body)
                .statusCode())
        .isEqualTo(403);
    assertThat(server.api.networksNow()).isEmpty();

    HttpResponse<String> created =
        send(
            "POST",
            "/ui/api/v2/cloud-gateways/networks",
            Optional.of(cookie),
            Optional.of(csrf),
            body);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"name\":\"edge\"");
    assertThat(server.api.networksNow()).hasSize(1);
  }

  @Test
  void passesTheApisProblemsThroughUnchanged() throws Exception {
    HttpResponse<String> login = signIn(FakeApi.TOKEN);
    String cookie = sessionCookie(login.headers().firstValue("Set-Cookie").orElseThrow());
    HttpResponse<String> refused =
        send(
            "POST",
            "/ui/api/v2/cloud-gateways/networks",
            Optional.of(cookie),
            Optional.of(csrf(login.body())),
            "{\"name\":\"x\",\"cidr_block\":\"10.0.0.0/8\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.body()).contains("\"field\":\"cidr_block\"");
  }

  @Test
  void refusesCallsWithoutASessionAndPathsOutsideTheApi() throws Exception {
    assertThat(
            send(
                    "GET",
                    "/ui/api/v2/cloud-gateways/networks",
                    Optional.empty(),
                    Optional.empty(),
                    "")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> login = signIn(FakeApi.TOKEN);
    String cookie = sessionCookie(login.headers().firstValue("Set-Cookie").orElseThrow());
    assertThat(
            send("GET", "/ui/api/status", Optional.of(cookie), Optional.empty(), "").statusCode())
        .isEqualTo(400);
    assertThat(
            send("GET", "/ui/api/v2/%2e%2e/status", Optional.of(cookie), Optional.empty(), "")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void signOutEndsTheSessionForGood() throws Exception {
    HttpResponse<String> login = signIn(FakeApi.TOKEN);
    String cookie = sessionCookie(login.headers().firstValue("Set-Cookie").orElseThrow());
    assertThat(
            send("DELETE", "/ui/session", Optional.of(cookie), Optional.empty(), "").statusCode())
        .isEqualTo(403);
    HttpResponse<String> out =
        send("DELETE", "/ui/session", Optional.of(cookie), Optional.of(csrf(login.body())), "");
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(
            send(
                    "GET",
                    "/ui/api/v2/cloud-gateways/networks",
                    Optional.of(cookie),
                    Optional.empty(),
                    "")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void stopsSignInsFromAClientAfterRepeatedWrongTokens() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(signIn("cw_pat_guess" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> blocked = signIn(FakeApi.TOKEN);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(blocked.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void refusesASignInPostedFromAnotherSite() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve("/ui/session"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", "http://evil.example")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + FakeApi.TOKEN))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
  }

  private HttpResponse<String> signIn(String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve("/ui/session"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(
      String method, String path, Optional<String> cookie, Optional<String> csrf, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    cookie.ifPresent(c -> request.header("Cookie", c));
    csrf.ifPresent(c -> request.header(WebUi.CSRF_HEADER, c));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sessionCookie(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static String csrf(String body) {
    Matcher m = CSRF.matcher(body);
    assertThat(m.find()).as("csrf in %s", body).isTrue();
    return m.group(1);
  }
}
