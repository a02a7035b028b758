package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.server.admin.AdminSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin page at /admin against a started server: sign-in, the token its endpoints want, and off by default. */
class AdminPageTest {
    private static final String PASSWORD = "let me in";
    private static final String TOKEN_SECRET = "client-secret";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Switchboard start(AdminSettings admin) throws InterruptedException {
        ChannelOptions open = ChannelOptions.builder().allowSubscribeForClient(true).allowSubscribeForAnonymous(true)
                .historySize(10).historyTtl(Duration.ofMinutes(5)).build();
        server = Switchboard.builder().port(0)
                .channels(new ChannelRules(255, open, Map.of()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withTokenKeys(TokenKeys.hmac(TOKEN_SECRET), null))
                .apiKey("api-key").admin(admin).start();
        return server;
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String signIn() throws Exception {
        HttpResponse<String> r = send("POST", "/admin/auth", "password=let+me+in",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> adminApi(String token, String body) throws Exception {
        return send("POST", "/admin/api", body, "Authorization", "token " + token, "Content-Type", "application/json");
    }

    @Test
    void signInAnswersATokenForThePasswordInEveryFormAPageSendsItAnd401ForAnyOther() throws Exception {
        start(new AdminSettings(PASSWORD, "admin-secret", false));
        assertThat(signIn()).isNotEmpty();
        String boundary = "----form7MA4YWxkTrZu0gW";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + PASSWORD
                + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> fromForm = send("POST", "/admin/auth", multipart,
                "Content-Type", "multipart/form-data; boundary=" + boundary);
        assertThat(fromForm.statusCode()).isEqualTo(200);
        assertThat(json.readTree(fromForm.body()).get("token").asText()).isNotEmpty();
        assertThat(send("POST", "/admin/auth", "{\"password\":\"let me in\"}", "Content-Type", "application/json")
                .statusCode()).isEqualTo(200);

        assertThat(send("POST", "/admin/auth", "password=wrong", "Content-Type", "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/auth", multipart.replace(PASSWORD, "let me in!"),
                "Content-Type", "multipart/form-data; boundary=" + boundary).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/auth", "", "Content-Type", "application/x-www-form-urlencoded").statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/admin/auth", null).statusCode()).isEqualTo(405);
    }

    @Test
    void theAdminEndpointsWantAValidTokenAndRunServerApiMethodsWithIt() throws Exception {
        start(new AdminSettings(PASSWORD, "admin-secret", false));
        String info = "{\"method\":\"info\",\"params\":{}}";
        assertThat(send("POST", "/admin/api", info).statusCode()).isEqualTo(401);
        assertThat(adminApi("not-a-token", info).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/node", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/node", null, "Authorization", "token 1.abc").statusCode()).isEqualTo(401);
        assertThat(json.readTree(send("GET", "/admin/init", null).body()).get("authenticated").asBoolean()).isFalse();

        String token = signIn();
        assertThat(send("POST", "/admin/api", info, "Authorization", "apikey api-key").statusCode())
                .as("the API key is not an admin token").isEqualTo(401);
        HttpResponse<String> r = adminApi(token, info);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).at("/result/nodes/0/num_clients").asInt()).isZero();
        assertThat(json.readTree(send("GET", "/admin/init", null, "Authorization", "token " + token).body())
                .get("authenticated").asBoolean()).isTrue();

        var client = WsTestClient.connect(server.port());
        client.handshake();
        client.send("{\"subscribe\":{\"channel\":\"news\"},\"id\":2}");
        assertThat(client.next()).startsWith("{\"id\":2,\"subscribe\":{");
        assertThat(adminApi(token, "{\"method\":\"publish\",\"params\":{\"channel\":\"news\",\"data\":{\"text\":\"hi\"}}}")
                .statusCode()).isEqualTo(200);
        assertThat(client.next()).contains("\"channel\":\"news\"").contains("{\"text\":\"hi\"}");
        JsonNode history = json.readTree(adminApi(token, "{\"method\":\"history\",\"params\":{\"channel\":\"news\",\"limit\":5}}").body());
        assertThat(history.at("/result/publications/0/data/text").asText()).isEqualTo("hi");

        JsonNode node = json.readTree(send("GET", "/admin/node", null, "Authorization", "token " + token).body());
        assertThat(node.get("num_clients").asInt()).isEqualTo(1);
        assertThat(node.at("/protocols/centrifugo/num_clients").asInt()).isEqualTo(1);
        assertThat(node.at("/protocols/centrifugo/num_subs").asInt()).isEqualTo(1);
        assertThat(node.at("/protocols/socketio/num_clients").asInt()).isZero();
        assertThat(node.at("/memory/heap_used").asLong()).isPositive();

        assertThat(adminApi(token, "{\"params\":{}}").statusCode()).isEqualTo(400);
        assertThat(adminApi(token, "{\"method\":\"nope\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void theDisconnectMethodEndsAUsersConnections() throws Exception {
        start(new AdminSettings(PASSWORD, "admin-secret", false));
        var client = WsTestClient.connect(server.port());
        client.send("{\"connect\":{\"token\":\"" + TokenIssuer.connectionToken(TOKEN_SECRET, "alice", 0, null) + "\"},\"id\":1}");
        assertThat(client.next()).startsWith("{\"id\":1,\"connect\":");
        assertThat(adminApi(signIn(), "{\"method\":\"disconnect\",\"params\":{\"user\":\"alice\"}}").statusCode()).isEqualTo(200);
        assertThat(client.awaitClose()).isEqualTo(3503);
    }

    @Test
    void servesThePageFromTheJarUnderAPolicyThatAllowsOnlyItsOwnFiles() throws Exception {
        start(new AdminSettings(PASSWORD, "admin-secret", false));
        HttpResponse<String> bare = send("GET", "/admin", null);
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("admin/");
        HttpResponse<String> page = send("GET", "/admin/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        assertThat(page.body()).contains("<title>Switchboard admin</title>").doesNotContain("http://", "https://");
        assertThat(send("GET", "/admin/admin.js", null).body()).contains("Authorization");
        assertThat(send("GET", "/admin/admin.css", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/admin/../api/info", null).statusCode()).isNotEqualTo(200);
        assertThat(send("GET", "/admin/nothing.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAdminSettingsEveryAdminPathIs404() throws Exception {
        start(null);
        for (String path : new String[] {"/admin", "/admin/", "/admin/admin.js", "/admin/init", "/admin/node"}) {
            assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(send("POST", "/admin/auth", "password=x").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/admin/api", "{\"method\":\"info\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void insecureOpensTheEndpointsWithoutAToken() throws Exception {
        start(AdminSettings.insecureOnly());
        assertThat(json.readTree(send("GET", "/admin/init", null).body()).get("insecure").asBoolean()).isTrue();
        assertThat(send("GET", "/admin/node", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/admin/api", "{\"method\":\"info\"}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/admin/auth", "password=").statusCode()).as("no password to sign in with").isEqualTo(400);
    }
}
