package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.Endpoints;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Unidirectional HTTP streaming, SSE and WebSocket, and the bidirectional emulation, over real sockets. */
class StreamEndpointsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Switchboard server;

    @BeforeEach
    void start() throws InterruptedException {
        server = Switchboard.builder().port(0).endpoints(Endpoints.ALL)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment().toBuilder()
                        .joinLeave(false).forcePushJoinLeave(false).build()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("http://ok.example")))
                .apiInsecure(true).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Reads a streaming response line by line on its own thread. */
    private static final class Lines {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final HttpResponse<InputStream> response;

        Lines(HttpResponse<InputStream> response) {
            this.response = response;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) if (!line.isEmpty()) lines.add(line);
                } catch (Exception ignored) {
                    // the stream ended
                }
                lines.add("<end>");
            });
            t.setDaemon(true);
            t.start();
        }

        String next() throws InterruptedException {
            String line = lines.poll(5, TimeUnit.SECONDS);
            if (line == null) throw new AssertionError("no line within 5 s");
            return line;
        }

        void close() throws Exception {
            response.body().close();
        }
    }

    private Lines open(HttpRequest request) throws Exception {
        return new Lines(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** A request the JDK client refuses to build (a malformed URL), over a plain socket. */
    private String rawGet(String target) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void publish(String channel, String json) {
        server.node().publish(channel, json.getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
    }

    private void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.node().info().numClients() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(server.node().info().numClients()).isZero();
    }

    @Test
    void streamsBarePushesOverUnidirectionalHttpStreaming() throws Exception {
        Lines s = open(HttpRequest.newBuilder(uri("/connection/uni_http_stream"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"subs\":{\"news\":{}}}")).build());
        assertThat(s.response.statusCode()).isEqualTo(200);
        String connect = s.next();
        assertThat(connect).startsWith("{\"connect\":{\"client\":\"").contains("\"subs\":{\"news\":{")
                .contains("\"session\":").contains("\"node\":").doesNotContain("\"pong\"");
        publish("news", "{\"text\":\"hi\"}");
        assertThat(s.next()).isEqualTo("{\"channel\":\"news\",\"pub\":{\"data\":{\"text\":\"hi\"},\"offset\":1}}");
        s.close();
        awaitNoSessions();
    }

    @Test
    void streamsServerSentEventsWithTheConnectRequestInTheUrl() throws Exception {
        String connect = URLEncoder.encode("{\"subs\":{\"sse\":{}}}", StandardCharsets.UTF_8);
        Lines s = open(HttpRequest.newBuilder(uri("/connection/uni_sse?cf_connect=" + connect)).GET().build());
        assertThat(s.response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(s.next()).startsWith("data: {\"connect\":{");
        publish("sse", "1");
        assertThat(s.next()).isEqualTo("data: {\"channel\":\"sse\",\"pub\":{\"data\":1,\"offset\":1}}");
        s.close();
        awaitNoSessions();
    }

    @Test
    void refusesBadConnectRequestsWithoutLeakingSessions() throws Exception {
        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(uri("/connection/uni_http_stream"))
                .POST(HttpRequest.BodyPublishers.ofString("nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(rawGet("/connection/uni_sse?cf_connect=%7B%zz")).startsWith("HTTP/1.1 400");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("/connection/uni_http_stream")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> evil = http.send(HttpRequest.newBuilder(uri("/connection/uni_http_stream"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(evil.statusCode()).isEqualTo(403);
        awaitNoSessions();
    }

    @Test
    void ignoresWhatAUnidirectionalWebSocketSendsAfterItsConnectRequest() throws Exception {
        var c = WsTestClient.connect(server.port(), true, null, "/connection/uni_websocket");
        c.send("{\"subs\":{\"uni\":{}}}");
        assertThat(c.next()).startsWith("{\"connect\":{");
        c.send("{\"subscribe\":{\"channel\":\"other\"},\"id\":2}");
        publish("uni", "{}");
        assertThat(c.next()).isEqualTo("{\"channel\":\"uni\",\"pub\":{\"data\":{},\"offset\":1}}");
    }

    @Test
    void emulatesABidirectionalConnectionWithAStreamAndEmulationPosts() throws Exception {
        Lines s = open(HttpRequest.newBuilder(uri("/connection/http_stream"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"connect\":{\"name\":\"js\"},\"id\":1}")).build());
        String connect = s.next();
        assertThat(connect).startsWith("{\"id\":1,\"connect\":{").contains("\"pong\":true");
        String session = connect.replaceAll(".*\"session\":\"([^\"]+)\".*", "$1");
        String node = connect.replaceAll(".*\"node\":\"([^\"]+)\".*", "$1");
        String body = "{\"session\":\"" + session + "\",\"node\":\"" + node
                + "\",\"data\":\"{\\\"subscribe\\\":{\\\"channel\\\":\\\"emu\\\"},\\\"id\\\":2}\"}";
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/emulation"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(204);
        assertThat(s.next()).startsWith("{\"id\":2,\"subscribe\":{");
        publish("emu", "{\"n\":1}");
        assertThat(s.next()).isEqualTo("{\"push\":{\"channel\":\"emu\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(uri("/emulation"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"nope\",\"data\":\"{}\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404); // no node: not this node's session
        HttpResponse<String> gone = http.send(HttpRequest.newBuilder(uri("/emulation"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"nope\",\"node\":\"" + node
                        + "\",\"data\":\"{}\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(204); // this node, no such session: dropped, as Centrifugo does
        s.close();
        awaitNoSessions();
    }

    @Test
    void endsAnEmulatedStreamWithADisconnectPush() throws Exception {
        Lines s = open(HttpRequest.newBuilder(uri("/connection/http_stream"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"connect\":{},\"id\":1}")).build());
        s.next();
        server.node().disconnectUser("", "", List.of(), new io.switchboard.core.Disconnect(4000, "custom"));
        assertThat(s.next()).isEqualTo("{\"push\":{\"disconnect\":{\"code\":4000,\"reason\":\"custom\",\"reconnect\":true}}}");
        assertThat(s.next()).isEqualTo("<end>");
        awaitNoSessions();
    }
}
