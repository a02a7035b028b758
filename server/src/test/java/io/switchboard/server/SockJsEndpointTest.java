package io.switchboard.server;

import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.Endpoints;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import io.switchboard.transport.sockjs.SockJsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.switchboard.server.Conditions.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A v1 client over SockJS xhr polling, on real sockets: what waits for a client that stops polling is bounded by
 * client.queue_max_size (3008), and a receiving request the client drops ends its session at once, well before the
 * disconnect delay.
 */
class SockJsEndpointTest {
    private static final int QUEUE_MAX = 64 * 1024;
    private final HttpClient http = HttpClient.newHttpClient();
    private Switchboard server;

    @BeforeEach
    void start() throws InterruptedException {
        CentrifugoOptions options = new CentrifugoOptions(Duration.ofSeconds(25), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(25), 128, QUEUE_MAX, 65536, 300, 300, false, true,
                new TokenKeys(null, null, null, null, null), null, List.of(), "test");
        server = Switchboard.builder().port(0)
                .endpoints(new Endpoints(true, false, false, false, false, false, true))
                .sockJs(SockJsOptions.defaults().withDisconnectDelay(Duration.ofSeconds(60)))
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment().toBuilder()
                        .joinLeave(false).forcePushJoinLeave(false).build()))
                .centrifugo(options).apiInsecure(true).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** Opens a session, connects and subscribes to news; returns the session path. */
    private String subscribed(String id) throws Exception {
        String s = "/connection/sockjs/000/" + id;
        assertThat(post(s + "/xhr", "")).isEqualTo("o\n");
        post(s + "/xhr_send", "[\"{\\\"id\\\":1}\"]");
        assertThat(post(s + "/xhr", "")).startsWith("a[\"{\\\"id\\\":1,\\\"result\\\"");
        post(s + "/xhr_send", "[\"{\\\"id\\\":2,\\\"method\\\":1,\\\"params\\\":{\\\"channel\\\":\\\"news\\\"}}\"]");
        assertThat(post(s + "/xhr", "")).startsWith("a[\"{\\\"id\\\":2,\\\"result\\\"");
        return s;
    }

    private Socket poll(String session) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.port());
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + session + "/xhr HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static int available(Socket socket) {
        try {
            return socket.isClosed() ? 0 : socket.getInputStream().available();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void aClientThatStopsPollingIsCutAsSlowOnceItsQueueOutgrowsTheBound() throws Exception {
        String s = subscribed("slow");
        byte[] data = ("{\"pad\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2 * QUEUE_MAX / data.length && server.node().info().numClients() > 0; i++) {
            server.node().publish("news", data, PublishOptions.DEFAULT).join();
            // an empty frame answered on the session's loop: the delivery queued before it has been drained, so
            // the outbox never overflows by itself and only what waits for the client counts
            post(s + "/xhr_send", "[]");
        }
        eventually(() -> server.node().info().numClients() == 0);
        assertThat(post(s + "/xhr", "")).isEqualTo("c[3008,\"{\\\"reason\\\":\\\"slow\\\",\\\"reconnect\\\":true}\"]\n");
    }

    @Test
    void aHeldPollTheClientDropsEndsTheSessionBeforeTheDisconnectDelay() throws Exception {
        String s = subscribed("dropped");
        // two polls: the one that reaches the server second is refused at once with 2010, the other is held
        try (Socket a = poll(s); Socket b = poll(s)) {
            eventually(() -> available(a) > 0 || available(b) > 0);
            Socket held = available(a) > 0 ? b : a;
            assertThat(server.node().info().numClients()).isEqualTo(1);
            held.close();
        }
        eventually(() -> server.node().info().numClients() == 0);
        assertThat(post(s + "/xhr", "")).isEqualTo("c[1002,\"Connection interrupted\"]\n");
    }
}
