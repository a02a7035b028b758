package io.switchboard.server;

import io.switchboard.auth.TokenIssuer;
import io.switchboard.server.config.SwitchboardConfig;
import io.switchboard.socketcluster.SocketClusterSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SocketCluster over real sockets on the {@code serve --dev} preset: the seed's protocol 1 frames exactly ({@code #1}
 * and {@code #2}, the handshake), then subscribe and publish through the core, and protocol 2's empty-string pings.
 */
class SocketClusterWireTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern HANDSHAKE_REPLY =
            Pattern.compile("\\{\"rid\":1,\"data\":\\{\"id\":\"[A-Za-z0-9_-]{20}\",\"pingTimeout\":5000,\"isAuthenticated\":(true|false)}}");

    private static Switchboard start(int protocolVersion) throws InterruptedException {
        SwitchboardConfig dev = SwitchboardConfig.devPreset();
        assertThat(dev.socketCluster()).as("serve --dev serves SocketCluster").isNotNull();
        assertThat(dev.socketCluster().path()).isEqualTo("/socketcluster/");
        SocketClusterSettings sc = dev.socketCluster().withProtocolVersion(protocolVersion)
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return Switchboard.builder().port(0).channels(dev.channels()).centrifugo(dev.client())
                .apiInsecure(true).pusher(dev.pusher()).socketCluster(sc).start();
    }

    /** A WebSocket client that speaks frames by hand. */
    static final class Raw implements AutoCloseable {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final WebSocket ws;

        Raw(int port, String path) throws Exception {
            ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        frames.add(partial.toString());
                        partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                    closed.complete(code);
                    return null;
                }

                @Override
                public void onError(WebSocket w, Throwable error) {
                    closed.completeExceptionally(error);
                }
            }).get(5, TimeUnit.SECONDS);
        }

        void send(String text) throws Exception {
            ws.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        String next() throws InterruptedException {
            String f = frames.poll(5, TimeUnit.SECONDS);
            if (f == null) throw new AssertionError("no frame within 5 s");
            return f;
        }

        /** The next frame that is not a ping, answering pings on the way as a client must. */
        String nextPacket(String ping, String pong) throws Exception {
            while (true) {
                String f = next();
                if (!f.equals(ping)) return f;
                send(pong);
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    private static int post(int port, String method, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + method))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theSeedsProtocolOneFramesThenSubscribeAndPublishThroughTheCore() throws Exception {
        try (Switchboard server = start(1);
             Raw a = new Raw(server.port(), "/socketcluster/");
             Raw b = new Raw(server.port(), "/socketcluster/?foo=bar")) {
            a.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
            assertThat(a.nextPacket("#1", "#2")).matches(HANDSHAKE_REPLY);
            assertThat(a.next()).as("the server pings with #1").isEqualTo("#1");
            a.send("#2");
            b.send("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
            assertThat(b.nextPacket("#1", "#2")).matches(HANDSHAKE_REPLY);

            a.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
            assertThat(a.nextPacket("#1", "#2")).isEqualTo("{\"rid\":2}");
            b.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
            assertThat(b.nextPacket("#1", "#2")).isEqualTo("{\"rid\":2}");

            assertThat(post(server.port(), "publish", "{\"channel\":\"news\",\"data\":{\"from\":\"api\"}}")).isEqualTo(200);
            String fromApi = "{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"from\":\"api\"}}}";
            assertThat(a.nextPacket("#1", "#2")).isEqualTo(fromApi);
            assertThat(b.nextPacket("#1", "#2")).isEqualTo(fromApi);

            a.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"hello\":\"world\"}},\"cid\":3}");
            String fromA = "{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"hello\":\"world\"}}}";
            assertThat(a.nextPacket("#1", "#2")).as("the publisher gets its own publication first").isEqualTo(fromA);
            assertThat(a.nextPacket("#1", "#2")).isEqualTo("{\"rid\":3}");
            assertThat(b.nextPacket("#1", "#2")).isEqualTo(fromA);
        }
    }

    @Test
    void protocolTwoPingsWithEmptyStringsAndTheTrailingSlashMatters() throws Exception {
        try (Switchboard server = start(2); Raw a = new Raw(server.port(), "/socketcluster/")) {
            a.send("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
            assertThat(a.nextPacket("", "")).matches(HANDSHAKE_REPLY);
            for (int i = 0; i < 3; i++) {
                assertThat(a.next()).isEqualTo("");
                a.send("");
            }
            assertThat(WsTestClient.upgradeStatus(server.port(), "/socketcluster", null)).contains("400");
            a.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"private-x\"},\"cid\":2}");
            assertThat(a.nextPacket("", "")).as("Pusher's private kinds are private here too")
                    .startsWith("{\"rid\":2,\"error\":{\"message\":\"permission denied\",\"name\":\"ForbiddenChannelError\"");
        }
    }

    @Test
    void aSocketClusterTokenAndACentrifugoTokenNameTheSameUser() throws Exception {
        String token = TokenIssuer.connectionToken("dev-secret", "alice", 3600, null);
        try (Switchboard server = start(2); Raw a = new Raw(server.port(), "/socketcluster/")) {
            a.send("{\"event\":\"#handshake\",\"data\":{\"authToken\":\"" + token + "\"},\"cid\":1}");
            assertThat(a.nextPacket("", "")).matches(HANDSHAKE_REPLY).contains("\"isAuthenticated\":true");
            assertThat(post(server.port(), "disconnect", "{\"user\":\"alice\"}")).isEqualTo(200);
            assertThat(a.closed.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3000);
        }
    }

    @Test
    void theSuitesLoginReplyAndItsSetAuthTokenLeaveInOneFrame() throws Exception {
        try (Switchboard server = io.switchboard.server.example.SocketClusterSuite.start("127.0.0.1", 0);
             Raw a = new Raw(server.port(), "/socketcluster/")) {
            a.send("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
            assertThat(a.nextPacket("", "")).startsWith("{\"rid\":1,\"data\":{");
            a.send("{\"event\":\"login\",\"data\":{\"username\":\"bob\"},\"cid\":2}");
            assertThat(a.nextPacket("", "")).startsWith("[{\"event\":\"#setAuthToken\",\"data\":{\"token\":\"ey")
                    .endsWith("},{\"rid\":2}]");
            a.send("{\"event\":\"login\",\"data\":{\"username\":\"mallory\"},\"cid\":3}");
            assertThat(a.nextPacket("", ""))
                    .isEqualTo("{\"rid\":3,\"error\":{\"message\":\"Failed to login\",\"name\":\"FailedLoginError\"}}");
            a.send("{\"event\":\"nosuchproc\",\"data\":1,\"cid\":4}");
            assertThat(a.nextPacket("", "")).contains("\"rid\":4,\"error\":{\"message\":").contains("\"name\":\"UnknownProcedureError\"");
        }
    }

    @Test
    void noHandshakeBeforeTheTimeoutCloses4005() throws Exception {
        SwitchboardConfig dev = SwitchboardConfig.devPreset();
        SocketClusterSettings sc = dev.socketCluster().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(200));
        try (Switchboard server = Switchboard.builder().port(0).channels(dev.channels()).centrifugo(dev.client())
                .socketCluster(sc).start(); Raw a = new Raw(server.port(), "/socketcluster/")) {
            assertThat(a.closed.get(5, TimeUnit.SECONDS)).isEqualTo(4005);
        }
    }
}
