package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.MapOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP server API against a started server, with Centrifugo's request and reply shapes. */
class ServerApiTest {
    private static final String KEY = "api-key";
    private final HttpClient http = HttpClient.newHttpClient();
    private Switchboard server;

    @BeforeEach
    void start() throws InterruptedException {
        ChannelOptions plain = ChannelOptions.builder().allowSubscribeForClient(true).allowSubscribeForAnonymous(true).build();
        server = Switchboard.builder().port(0)
                .channels(new ChannelRules(255, ChannelOptions.openForDevelopment(), Map.of("plain", plain,
                        "map", plain.toBuilder().map(new MapOptions(MapOptions.Mode.PERSISTENT, null, 0, null, false,
                                false, false, false, false, false, "", 0, 0, 0)).build())))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true))
                .apiKey(KEY).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String method, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/" + method))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String api(String method, String body) throws Exception {
        HttpResponse<String> r = post(method, body, "X-API-Key", KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void refusesRequestsWithoutTheKeyAndAcceptsEveryDocumentedWayOfGivingIt() throws Exception {
        assertThat(post("info", "{}").statusCode()).isEqualTo(401);
        assertThat(post("info", "{}", "X-API-Key", "wrong").statusCode()).isEqualTo(401);
        assertThat(post("info", "{}", "Authorization", "apikey " + KEY).statusCode()).isEqualTo(200);
        HttpRequest q = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/info?api_key=" + KEY))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(http.send(q, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void answersBadRequestsWithHttpStatusesOrErrorReplies() throws Exception {
        assertThat(post("nope", "{}", "X-API-Key", KEY).statusCode()).isEqualTo(404);
        assertThat(post("publish", "{not json", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(post("publish", "[1]", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(api("publish", "{\"data\":{}}")).isEqualTo("{\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(api("publish", "{\"channel\":\"nope:x\",\"data\":{}}"))
                .isEqualTo("{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}");
        assertThat(api("history", "{\"channel\":\"plain:x\"}"))
                .isEqualTo("{\"error\":{\"code\":108,\"message\":\"not available\"}}");
    }

    @Test
    void refusesAFieldOfTheWrongTypeWithHttp400LikeMalformedJson() throws Exception {
        // Centrifugo decodes the body into its request types first; a value of the wrong type fails that decoding.
        assertThat(post("publish", "{\"channel\":5,\"data\":{}}", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(post("history", "{\"channel\":\"news\",\"limit\":\"5\"}", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(post("disconnect", "{\"user\":\"u\",\"disconnect\":{\"code\":-1}}", "X-API-Key", KEY).statusCode())
                .isEqualTo(400);
        assertThat(post("batch", "{\"commands\":[{\"info\":{}},{\"publish\":{\"channel\":\"a\",\"data\":1,"
                + "\"tags\":{\"t\":1}}}]}", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(post("batch", "{\"commands\":{}}", "X-API-Key", KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void publishesWithHistoryAndReadsItBack() throws Exception {
        String first = api("publish", "{\"channel\":\"news\",\"data\":{\"n\":1}}");
        assertThat(first).matches("\\{\"result\":\\{\"offset\":1,\"epoch\":\"[a-zA-Z]{8}\"}}");
        api("publish", "{\"channel\":\"news\",\"data\":{\"n\":2},\"tags\":{\"t\":\"v\"}}");
        String history = api("history", "{\"channel\":\"news\",\"limit\":10}");
        assertThat(history).startsWith("{\"result\":{\"publications\":[{\"data\":{\"n\":1},\"offset\":1},"
                + "{\"data\":{\"n\":2},\"offset\":2,\"tags\":{\"t\":\"v\"}}],\"epoch\":\"");
        assertThat(api("history", "{\"channel\":\"news\",\"limit\":1,\"reverse\":true}")).contains("{\"n\":2}").doesNotContain("{\"n\":1}");
        assertThat(api("history_remove", "{\"channel\":\"news\"}")).isEqualTo("{\"result\":{}}");
        assertThat(api("history", "{\"channel\":\"news\",\"limit\":10}")).contains("\"publications\":[]").contains("\"offset\":2");
    }

    @Test
    void mapPublishAndMapRemoveChangeTheEntriesOfAMapChannel() throws Exception {
        assertThat(api("map_publish", "{\"channel\":\"map:m\",\"key\":\"a\",\"data\":{\"v\":1},\"tags\":{\"t\":\"x\"}}"))
                .startsWith("{\"result\":{\"offset\":1,\"epoch\":\"");
        assertThat(api("map_remove", "{\"channel\":\"map:m\",\"key\":\"a\"}")).startsWith("{\"result\":{\"offset\":2,");
        assertThat(server.node().maps().state("map:m", null).join().entries()).isEmpty();
        assertThat(api("map_publish", "{\"channel\":\"map:m\",\"data\":1}"))
                .isEqualTo("{\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(api("map_publish", "{\"channel\":\"plain:m\",\"key\":\"a\",\"data\":1}"))
                .isEqualTo("{\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(api("map_remove", "{\"channel\":\"nope:m\",\"key\":\"a\"}"))
                .isEqualTo("{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}");
    }

    @Test
    void theMapReadMethodsAndABatchOfMapCommandsAnswerInCentrifugosShapes() throws Exception {
        String batch = api("batch", "{\"commands\":[{\"map_publish\":{\"channel\":\"map:r\",\"key\":\"a\",\"data\":{\"v\":1}}},"
                + "{\"map_publish\":{\"channel\":\"map:r\",\"key\":\"b\",\"data\":2,\"tags\":{\"t\":\"x\"}}},"
                + "{\"map_stats\":{\"channel\":\"map:r\"}}]}");
        assertThat(batch).startsWith("{\"replies\":[{\"map_publish\":{\"offset\":1,").contains("{\"map_stats\":{\"num_keys\":2}}");
        String epoch = api("map_stats", "{\"channel\":\"map:r\"}");
        assertThat(epoch).isEqualTo("{\"result\":{\"num_keys\":2}}");
        String page = api("map_read_state", "{\"channel\":\"map:r\",\"limit\":1}");
        assertThat(page).matches("\\{\"result\":\\{\"entries\":\\[\\{\"key\":\"a\",\"data\":\\{\"v\":1},\"offset\":1,\"time\":\\d+}],"
                + "\"offset\":2,\"epoch\":\"[^\"]+\",\"cursor\":\"1\"}}");
        assertThat(api("map_read_state", "{\"channel\":\"map:r\",\"cursor\":\"1\"}"))
                .contains("{\"key\":\"b\",\"data\":2,\"tags\":{\"t\":\"x\"},\"offset\":2,").doesNotContain("cursor");
        assertThat(api("map_read_state", "{\"channel\":\"map:r\",\"cursor\":\"x\"}"))
                .isEqualTo("{\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        api("map_remove", "{\"channel\":\"map:r\",\"key\":\"a\"}");
        assertThat(api("map_read_stream", "{\"channel\":\"map:r\",\"since_offset\":2}"))
                .matches("\\{\"result\":\\{\"entries\":\\[\\{\"key\":\"a\",\"offset\":3,\"removed\":true,\"time\":\\d+}],"
                        + "\"offset\":3,\"epoch\":\"[^\"]+\"}}");
        assertThat(api("map_clear", "{\"channel\":\"map:r\"}")).isEqualTo("{\"result\":{}}");
        assertThat(api("map_stats", "{\"channel\":\"map:r\"}")).isEqualTo("{\"result\":{\"num_keys\":0}}");
    }

    @Test
    void broadcastsAndBatchesWithOneReplyPerCommand() throws Exception {
        String b = api("broadcast", "{\"channels\":[\"a\",\"nope:b\"],\"data\":{}}");
        assertThat(b).startsWith("{\"result\":{\"responses\":[{\"result\":{\"offset\":1,")
                .endsWith("{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}]}}");
        String batch = api("batch", "{\"commands\":[{\"publish\":{\"channel\":\"a\",\"data\":1}},{\"info\":{}},"
                + "{\"presence\":{\"channel\":\"plain:x\"}}]}");
        assertThat(batch).startsWith("{\"replies\":[{\"publish\":{\"offset\":2,").contains("{\"info\":{\"nodes\":[{")
                .endsWith("{\"error\":{\"code\":108,\"message\":\"not available\"}}]}");
    }

    @Test
    void reportsPresenceChannelsAndControlsLiveConnections() throws Exception {
        var c = WsTestClient.connect(server.port());
        String connect = c.handshake();
        String clientId = connect.replaceAll(".*\"client\":\"([^\"]+)\".*", "$1");
        c.send("{\"subscribe\":{\"channel\":\"room\"},\"id\":2}");
        assertThat(c.next()).startsWith("{\"id\":2,\"subscribe\":{");
        assertThat(c.next()).isEqualTo("{\"push\":{\"channel\":\"room\",\"join\":{\"info\":{\"user\":\"\",\"client\":\""
                + clientId + "\"}}}}");
        assertThat(api("presence", "{\"channel\":\"room\"}"))
                .isEqualTo("{\"result\":{\"presence\":{\"" + clientId + "\":{\"client\":\"" + clientId + "\",\"user\":\"\"}}}}");
        assertThat(api("presence_stats", "{\"channel\":\"room\"}")).isEqualTo("{\"result\":{\"num_clients\":1,\"num_users\":1}}");
        assertThat(api("channels", "{\"pattern\":\"ro*\"}")).isEqualTo("{\"result\":{\"channels\":{\"room\":{\"num_clients\":1}}}}");
        assertThat(api("info", "{}")).contains("\"num_clients\":1");

        assertThat(api("subscribe", "{\"user\":\"\",\"channel\":\"extra\"}")).isEqualTo("{\"result\":{}}");
        assertThat(c.next()).startsWith("{\"push\":{\"channel\":\"extra\",\"subscribe\":{");
        assertThat(c.next()).contains("\"channel\":\"extra\",\"join\"");
        api("unsubscribe", "{\"user\":\"\",\"channel\":\"extra\"}");
        assertThat(c.next()).isEqualTo("{\"push\":{\"channel\":\"extra\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}");
        api("disconnect", "{\"user\":\"\",\"disconnect\":{\"code\":4501,\"reason\":\"bye\"}}");
        assertThat(c.awaitClose()).isEqualTo(4501);
    }
}
