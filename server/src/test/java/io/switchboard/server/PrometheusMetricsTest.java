package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} scraped over HTTP: the figures move when a client connects, subscribes and gets a publication. */
class PrometheusMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Switchboard server;

    private Switchboard start(boolean prometheus) throws InterruptedException {
        server = Switchboard.builder().port(0)
                .channels(new ChannelRules(255, ChannelOptions.openForDevelopment(), Map.of()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("*")))
                .apiInsecure(true).prometheus(prometheus).start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return r.body();
    }

    /** The value of the sample {@code series} (a name, or a name and its labels); -1 when there is none. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private void publish(String channel, String data) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/publish")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"channel\":\"" + channel + "\",\"data\":" + data + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void figuresMoveWhenAClientConnectsSubscribesAndReceives() throws Exception {
        start(true);
        String before = scrape();
        assertThat(value(before, "centrifugo_node_num_clients")).isZero();
        assertThat(value(before, "switchboard_protocol_num_clients{protocol=\"centrifugo\"}")).isZero();

        var c = WsTestClient.connect(server.port());
        c.handshake();
        c.send("{\"subscribe\":{\"channel\":\"news\"},\"id\":2}");
        assertThat(c.next()).startsWith("{\"id\":2,\"subscribe\":");
        assertThat(c.next()).contains("\"join\""); // development channels push joins: a push of its own
        publish("news", "{\"n\":1}");
        assertThat(c.next()).contains("\"n\":1");
        c.send("{\"subscribe\":{\"channel\":\"nope:x\"},\"id\":3}");
        assertThat(c.next()).contains("\"code\":102");

        String after = scrape();
        assertThat(value(after, "centrifugo_node_num_clients")).isEqualTo(1);
        assertThat(value(after, "centrifugo_node_num_users")).isEqualTo(1);
        assertThat(value(after, "centrifugo_node_num_channels")).isEqualTo(1);
        assertThat(value(after, "centrifugo_node_num_subscriptions")).isEqualTo(1);
        assertThat(value(after, "switchboard_protocol_num_clients{protocol=\"centrifugo\"}")).isEqualTo(1);
        assertThat(value(after, "switchboard_protocol_num_subscriptions{protocol=\"centrifugo\"}")).isEqualTo(1);
        assertThat(value(after, "switchboard_protocol_num_clients{protocol=\"socketio\"}")).isZero();
        assertThat(after).containsPattern("(?m)^centrifugo_transport_messages_sent_total\\{[^}]*transport=\"websocket\"[^}]*\\} 2\\.0$");
        assertThat(after).containsPattern("(?m)^centrifugo_transport_messages_received_total\\{[^}]*protocol=\"centrifugo\"[^}]*\\} 3\\.0$");
        assertThat(after).containsPattern("(?m)^centrifugo_client_num_reply_errors_total\\{code=\"102\",method=\"subscribe\",protocol=\"centrifugo\"\\} 1\\.0$");
        assertThat(after).containsPattern("(?m)^centrifugo_api_command_duration_seconds_count\\{method=\"publish\",protocol=\"http\"\\} 1$");
        assertThat(after).contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "system_cpu_count");
        assertThat(after).contains("netty_allocator_memory_used");

        c.close();
        var broken = WsTestClient.connect(server.port());
        broken.send("{not json");
        assertThat(broken.awaitClose()).isEqualTo(3501);
        Conditions.eventually(() -> server.node().hub().numSessions() == 0);
        String closed = scrape();
        assertThat(value(closed, "centrifugo_node_num_clients")).isZero();
        assertThat(value(closed, "centrifugo_client_num_server_disconnects_total{code=\"3501\",protocol=\"centrifugo\"}"))
                .isEqualTo(1);
    }

    @Test
    void metricsAre404WhenPrometheusIsOff() throws Exception {
        start(false);
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
    }
}
