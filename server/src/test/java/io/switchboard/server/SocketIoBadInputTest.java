package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.socketio.SocketIoOptions;
import io.switchboard.socketio.engine.EngineIoOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.switchboard.server.Conditions.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input at the Engine.IO and Socket.IO layers answered as the Node server answers it, and no session, socket
 * or channel left behind afterwards. Heartbeats are far longer than any test unless the heartbeat is what a test
 * is about, so that the bad input (or the client going away) is the only thing that can end a session.
 */
class SocketIoBadInputTest {
    private static final Duration[] LONG_HEARTBEAT = {Duration.ofSeconds(60), Duration.ofSeconds(30)};
    private static final Duration[] SHORT_HEARTBEAT = {Duration.ofMillis(200), Duration.ofMillis(150)};
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private final HttpClient http = HttpClient.newHttpClient();
    private Switchboard server;

    private void start(Duration[] heartbeat) throws Exception {
        EngineIoOptions engine = EngineIoOptions.defaults().withPing(heartbeat[0], heartbeat[1])
                .withMaxHttpBufferSize(10_000);
        server = Switchboard.builder().port(0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("https://ok.example")))
                .socketIo(SocketIoOptions.defaults().withEngine(engine.withCors(List.of("https://ok.example"), false))
                        .withConnectTimeout(CONNECT_TIMEOUT).withChannelEvents(true))
                .start();
        server.namespace("/").onConnection(socket -> socket.join("room"));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private String url(String query) {
        return "http://127.0.0.1:" + server.port() + "/socket.io/?" + query;
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(query))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(query))).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String open() throws Exception {
        String body = get("EIO=4&transport=polling").body();
        return body.substring(body.indexOf("\"sid\":\"") + 7, body.indexOf("\",\"upgrades\""));
    }


    private void nothingLeft() throws InterruptedException {
        eventually(() -> server.socketIo().sessionCount() == 0 && server.node().info().numClients() == 0
                && server.node().hub().numChannels() == 0);
    }

    @Test
    void errorsAreTheDocumentedCodesAndMessages() throws Exception {
        start(LONG_HEARTBEAT);
        assertThat(get("EIO=4&transport=polling&sid=nope").body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(get("EIO=4&transport=flying").body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(get("transport=polling").statusCode()).isEqualTo(400);
        assertThat(post("EIO=4&transport=polling", "").body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
        var refused = http.send(HttpRequest.newBuilder(URI.create(url("EIO=4&transport=polling")))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
        assertThat(server.socketIo().sessionCount()).isZero(); // no refused request opened a session
        var allowed = http.send(HttpRequest.newBuilder(URI.create(url("EIO=4&transport=polling")))
                .header("Origin", "https://ok.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).contains("https://ok.example");
        assertThat(server.socketIo().sessionCount()).isEqualTo(1);
        assertThat(server.node().info().numClients()).isZero();
    }

    @Test
    void aSessionThatSendsGarbageIsClosedAndForgotten() throws Exception {
        start(LONG_HEARTBEAT);
        String sid = open();
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "40").statusCode()).isEqualTo(200);
        eventually(() -> server.node().hub().numChannels() == 1);
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "4" + "2{}").statusCode()).isEqualTo(200);
        // the next poll takes what was still buffered (the CONNECT reply) and the close packet
        String last = get("EIO=4&transport=polling&sid=" + sid).body();
        assertThat(last).startsWith("40{\"sid\":").endsWith("\u001e1");
        nothingLeft();
        assertThat(get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void aPayloadOverTheLimitGets413() throws Exception {
        start(LONG_HEARTBEAT);
        String sid = open();
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "4" + "x".repeat(20_000)).statusCode()).isEqualTo(413);
        assertThat(get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
        nothingLeft();
    }

    @Test
    void aClientThatStopsPollingIsReapedByTheHeartbeat() throws Exception {
        start(SHORT_HEARTBEAT);
        String sid = open();
        post("EIO=4&transport=polling&sid=" + sid, "40");
        eventually(() -> server.node().info().numClients() == 1);
        nothingLeft(); // no GET answers the ping: the session dies after pingInterval + pingTimeout
        assertThat(get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void aPendingPollWhoseClientGoesAwayEndsTheSession() throws Exception {
        start(LONG_HEARTBEAT);
        String sid = open();
        post("EIO=4&transport=polling&sid=" + sid, "40");
        eventually(() -> server.node().info().numClients() == 1);
        get("EIO=4&transport=polling&sid=" + sid); // takes the CONNECT reply, so the next poll is held
        CompletableFuture<?> poll = http.sendAsync(HttpRequest.newBuilder(URI.create(url("EIO=4&transport=polling&sid=" + sid)))
                .timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString());
        assertThatThrownBy(() -> poll.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class); // held, unanswered, until the client gave up
        nothingLeft();
        assertThat(get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void binaryAttachmentsThatNeverArriveLeakNothing() throws Exception {
        start(SHORT_HEARTBEAT);
        String sid = open();
        post("EIO=4&transport=polling&sid=" + sid, "40");
        eventually(() -> server.node().info().numClients() == 1);
        post("EIO=4&transport=polling&sid=" + sid, "451-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        nothingLeft(); // nobody polls, so the heartbeat ends it, attachments or not
    }

    @Test
    void aV5ClientThatJoinsNoNamespaceIsClosedAfterTheConnectTimeout() throws Exception {
        start(LONG_HEARTBEAT); // no ping within the test: only the connect timeout can end the session
        long opened = System.nanoTime();
        var ws = WsTestClient.connect(server.port(), true, null, "/socket.io/?EIO=4&transport=websocket");
        assertThat(ws.next()).startsWith("0{\"sid\"");
        assertThat(ws.awaitClose()).isEqualTo(1000); // the Engine.IO session is closed, no packet first
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(CONNECT_TIMEOUT);
        assertThat(ws.lines).isEmpty();
        nothingLeft();
    }

    @Test
    void subscribeWithoutAChannelIsARefusalNotACrash() throws Exception {
        start(LONG_HEARTBEAT);
        var ws = WsTestClient.connect(server.port(), true, null, "/socket.io/?EIO=4&transport=websocket");
        ws.next();
        ws.send("40");
        assertThat(ws.next()).startsWith("40{\"sid\"");
        ws.send("421[\"subscribe\",42]");
        assertThat(nextAck(ws)).isEqualTo("431[{\"code\":107,\"message\":\"bad request\"}]");
        ws.send("422[\"subscribe\",{\"channel\":\"with space\"}]");
        assertThat(nextAck(ws)).isEqualTo("432[{\"code\":107,\"message\":\"bad request\"}]");
        ws.send("423[\"client event\",{\"channel\":\"room\"}]");
        assertThat(nextAck(ws)).isEqualTo("433[{\"code\":107,\"message\":\"bad request\"}]");
    }

    /** The next ack, answering heartbeats and passing over subscription_error events on the way. */
    private static String nextAck(WsTestClient ws) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String m = ws.next();
            if (m.equals("2")) ws.send("3");
            else if (!m.startsWith("42[\"subscription_error\"")) return m;
        }
        throw new AssertionError("no ack within 5 s");
    }
}
