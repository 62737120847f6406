package io.causeway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of UI answer (the page, assets, session, proxied API calls, refusals and 404s)
 * carries the security headers, answers with API data are never stored, and every unsafe
 * proxied call needs the session's CSRF value and a same-origin {@code Origin}. Plain HTTP.
 */
@Timeout(60)
class SecurityHeadersIT {
  private static final Pattern CSRF = Pattern.compile("\"csrf\":\"([A-Za-z0-9_-]+)\"");
  private static final Map<String, String> EVERYWHERE = Map.of(
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer",
      "Cross-Origin-Opener-Policy", "same-origin",
      "Cross-Origin-Resource-Policy", "same-origin",
      "Permissions-Policy", WebUi.PERMISSIONS_POLICY);

  private UiServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private String cookie;
  private String csrf;

  @BeforeEach
  void start() throws Exception {
    server = UiServer.start();
    HttpResponse<String> login = send("POST", "/ui/session", Map.of(
        "Content-Type", "application/x-www-form-urlencoded"), "token=" + FakeApi.TOKEN);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
    Matcher m = CSRF.matcher(login.body());
    assertThat(m.find()).isTrue();
    csrf = m.group(1);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyKindOfAnswerCarriesTheSecurityHeaders() throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>();
    answers.add(send("GET", "/", Map.of(), ""));
    answers.add(send("GET", "/ui/assets/js/app.js", Map.of(), ""));
    answers.add(send("GET", "/ui/assets/app.css", Map.of(), ""));
    answers.add(send("GET", "/ui/assets/nope.js", Map.of(), ""));
    answers.add(send("GET", "/ui/no-such-page", Map.of(), ""));
    answers.add(send("GET", "/ui/session", Map.of("Cookie", cookie), ""));
    answers.add(send("GET", "/ui/api/v2/cloud-gateways/networks", Map.of("Cookie", cookie), ""));
    answers.add(send("GET", "/ui/api/v2/cloud-gateways/networks", Map.of(), ""));
    answers.add(send("POST", "/ui/api/v2/cloud-gateways/networks", Map.of("Cookie", cookie,
        "Content-Type", "application/json"), "{}"));
    answers.add(send("DELETE", "/ui/session", Map.of("Cookie", cookie), ""));

    for (HttpResponse<String> answer : answers) {
      String what = answer.request().method() + " " + answer.uri().getPath() + " -> "
          + answer.statusCode();
      for (Map.Entry<String, String> header : EVERYWHERE.entrySet()) {
        assertThat(answer.headers().firstValue(header.getKey())).as(what + " " + header.getKey())
            .contains(header.getValue());
      }
      assertThat(answer.headers().firstValue("Content-Security-Policy")).as(what)
          .hasValueSatisfying(csp -> assertThat(csp)
              .contains("default-src 'self'").contains("frame-ancestors 'none'")
              .contains("object-src 'none'").doesNotContain("unsafe-inline")
              .doesNotContain("unsafe-eval"));
      assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(what).isEmpty();
    }
  }

  @Test
  void answersWithApiDataAreNeverStored() throws Exception {
    for (HttpResponse<String> answer : List.of(
        send("GET", "/ui/session", Map.of("Cookie", cookie), ""),
        send("GET", "/ui/api/v2/cloud-gateways/networks", Map.of("Cookie", cookie), ""),
        send("GET", "/ui/api/v2/cloud-gateways/networks/nope", Map.of("Cookie", cookie), ""))) {
      assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().getPath())
          .contains("no-store");
    }
  }

  @Test
  void everyUnsafeMethodNeedsTheSessionsCsrfValueAndTheSameOrigin() throws Exception {
    String path = "/ui/api/v2/cloud-gateways/networks/" + java.util.UUID.randomUUID();
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      String body = method.equals("DELETE") ? "" : "{}";
      Map<String, String> json = method.equals("DELETE") ? Map.of()
          : Map.of("Content-Type", "application/json");
      assertThat(send(method, path, with(json, "Cookie", cookie), body).statusCode())
          .as(method + " without CSRF").isEqualTo(403);
      assertThat(send(method, path, with(with(json, "Cookie", cookie),
          WebUi.CSRF_HEADER, csrf + "x"), body).statusCode())
          .as(method + " with a wrong CSRF value").isEqualTo(403);
      assertThat(send(method, path, with(with(with(json, "Cookie", cookie),
          WebUi.CSRF_HEADER, csrf), "Origin", "https://evil.example"), body).statusCode())
          .as(method + " from another origin").isEqualTo(403);
      assertThat(send(method, path, with(with(json, "Cookie", cookie),
          WebUi.CSRF_HEADER, csrf), body).statusCode())
          .as(method + " with CSRF and no foreign origin reaches the API").isNotEqualTo(403);
    }
    assertThat(send("DELETE", "/ui/session", Map.of("Cookie", cookie), "").statusCode())
        .as("sign-out without CSRF").isEqualTo(403);
    assertThat(send("GET", "/ui/session", Map.of("Cookie", cookie), "").body())
        .contains("\"signed_in\":true");
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String v) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put(name, v);
    return all;
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
