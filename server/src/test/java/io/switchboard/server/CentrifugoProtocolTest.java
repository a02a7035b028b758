package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Centrifugo protocol end to end over a real socket: bad input, timers, tokens and slow clients. */
class CentrifugoProtocolTest {
    private static final String SECRET = "test-secret";
    private Switchboard server;

    private Switchboard start(CentrifugoOptions options) throws InterruptedException {
        ChannelOptions open = ChannelOptions.openForDevelopment();
        server = Switchboard.builder().port(0)
                .channels(new ChannelRules(255, open, Map.of("private", ChannelOptions.DEFAULTS)))
                .centrifugo(options).apiInsecure(true).start();
        return server;
    }

    private static CentrifugoOptions options() {
        return CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("http://ok.example"))
                .withTokenKeys(TokenKeys.hmac(SECRET), null);
    }

    private Switchboard startDefault() throws InterruptedException {
        return start(options());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.node().info().numClients() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(server.node().info().numClients()).isZero();
        assertThat(server.node().hub().numChannels()).isZero();
    }

    @Test
    void answersConnectWithClientIdPingAndPong() throws Exception {
        var c = WsTestClient.connect(startDefault().port());
        String reply = c.handshake();
        assertThat(reply).startsWith("{\"id\":1,\"connect\":{\"client\":\"").endsWith("\"ping\":25,\"pong\":true}}");
    }

    @Test
    void closesWith3501OnMalformedJson() throws Exception {
        var c = WsTestClient.connect(startDefault().port());
        c.send("{not json");
        assertThat(c.awaitClose()).isEqualTo(3501);
        awaitNoSessions();
    }

    @Test
    void closesWith3501OnACommandBeforeConnect() throws Exception {
        var c = WsTestClient.connect(startDefault().port());
        c.send("{\"subscribe\":{\"channel\":\"x\"},\"id\":1}");
        assertThat(c.awaitClose()).isEqualTo(3501);
    }

    @Test
    void closesWith3501OnASecondConnectAndOnAPongNobodyAskedFor() throws Exception {
        int port = startDefault().port();
        var c = WsTestClient.connect(port);
        c.handshake();
        c.send("{\"connect\":{},\"id\":2}");
        assertThat(c.awaitClose()).isEqualTo(3501);
        var d = WsTestClient.connect(port);
        d.handshake();
        d.send("{}");
        assertThat(d.awaitClose()).isEqualTo(3501);
        awaitNoSessions();
    }

    @Test
    void closesWith1009OnAFrameOverTheSizeLimit() throws Exception {
        var c = WsTestClient.connect(startDefault().port());
        c.handshake();
        c.send("{\"publish\":{\"channel\":\"a\",\"data\":\"" + "x".repeat(70_000) + "\"},\"id\":2}");
        assertThat(c.awaitClose()).isEqualTo(1009);
        awaitNoSessions();
    }

    @Test
    void answersChannelErrorsWithoutTouchingOtherSubscriptions() throws Exception {
        int port = startDefault().port();
        var c = WsTestClient.connect(port);
        c.handshake();
        c.send("{\"subscribe\":{\"channel\":\"good\"},\"id\":2}");
        assertThat(c.next()).startsWith("{\"id\":2,\"subscribe\":{");
        assertThat(c.next()).contains("\"join\""); // its own join: the channel has join_leave on
        c.send("{\"subscribe\":{\"channel\":\"nope:x\"},\"id\":3}\n{\"subscribe\":{\"channel\":\"good\"},\"id\":4}\n"
                + "{\"subscribe\":{\"channel\":\"" + "x".repeat(256) + "\"},\"id\":5}\n"
                + "{\"subscribe\":{\"channel\":\"private:x\"},\"id\":6}\n{\"subscribe\":{\"channel\":\"a b\"},\"id\":7}\n"
                + "{\"id\":8}\n{\"rpc\":{\"method\":\"m\",\"data\":{}},\"id\":9}");
        assertThat(c.next()).isEqualTo("{\"id\":3,\"error\":{\"code\":102,\"message\":\"unknown channel\"}}");
        assertThat(c.next()).isEqualTo("{\"id\":4,\"error\":{\"code\":105,\"message\":\"already subscribed\"}}");
        assertThat(c.next()).isEqualTo("{\"id\":5,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(c.next()).isEqualTo("{\"id\":6,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        assertThat(c.next()).isEqualTo("{\"id\":7,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(c.next()).isEqualTo("{\"id\":8,\"error\":{\"code\":104,\"message\":\"method not found\"}}");
        assertThat(c.next()).isEqualTo("{\"id\":9,\"error\":{\"code\":108,\"message\":\"not available\"}}");
        server.node().publish("good", "{\"still\":true}".getBytes(), PublishOptions.DEFAULT).join();
        assertThat(c.next()).contains("\"channel\":\"good\"").contains("{\"still\":true}");
    }

    @Test
    void closesWith3501WhenACommandLacksItsChannel() throws Exception {
        int port = startDefault().port();
        for (String cmd : List.of("{\"subscribe\":{},\"id\":2}", "{\"publish\":{\"channel\":\"a\"},\"id\":2}",
                "{\"history\":{\"limit\":1},\"id\":2}", "{\"presence\":{},\"id\":2}", "{\"unsubscribe\":{},\"id\":2}",
                "{\"ping\":{},\"id\":2}", "{\"subscribe\":{\"channel\":\"a\"}}")) {
            var c = WsTestClient.connect(port);
            c.handshake();
            c.send(cmd);
            assertThat(c.awaitClose()).as(cmd).isEqualTo(3501);
        }
        awaitNoSessions();
    }

    @Test
    void disconnectsWith3500OnAnInvalidTokenAnd109OnAnExpiredOne() throws Exception {
        int port = startDefault().port();
        var bad = WsTestClient.connect(port);
        bad.send("{\"connect\":{\"token\":\"" + TokenIssuer.connectionToken("wrong-secret", "u", 60, List.of())
                + "\"},\"id\":1}");
        assertThat(bad.awaitClose()).isEqualTo(3500);
        var expired = WsTestClient.connect(port);
        String token = TokenIssuer.hs256(SECRET, Map.of("sub", "u", "exp", System.currentTimeMillis() / 1000 - 10));
        expired.send("{\"connect\":{\"token\":\"" + token + "\"},\"id\":1}");
        assertThat(expired.next()).isEqualTo("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        var good = WsTestClient.connect(port);
        good.send("{\"connect\":{\"token\":\"" + TokenIssuer.connectionToken(SECRET, "alice", 60, List.of("news"))
                + "\"},\"id\":1}");
        String reply = good.next();
        assertThat(reply).contains("\"expires\":true").contains("\"subs\":{\"news\":{");
        assertThat(server.node().hub().numSubscribers("news")).isEqualTo(1);
    }

    @Test
    void refusesBrowserOriginsOutsideTheAllowedList() throws Exception {
        int port = startDefault().port();
        assertThat(WsTestClient.connect(port, true, "http://ok.example").handshake()).contains("\"connect\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WsTestClient.connect(port, true, "http://evil.example"))
                .rootCause().hasMessageContaining("403");
    }

    @Test
    void allowedOriginsWithAWildcardDecideTheUpgradeOfTheConnectionEndpoint() throws Exception {
        int port = start(options().withAllowedOrigins(List.of("https://*.example.com"))).port();
        String path = "/connection/websocket";
        assertThat(WsTestClient.upgradeStatus(port, path, "https://app.example.com")).isEqualTo("HTTP/1.1 101 Switching Protocols");
        assertThat(WsTestClient.upgradeStatus(port, path, "https://example.com")).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(WsTestClient.upgradeStatus(port, path, "https://app.example.com.evil.net")).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(WsTestClient.upgradeStatus(port, path, null)).isEqualTo("HTTP/1.1 101 Switching Protocols");
        assertThat(WsTestClient.connect(port, true, "https://app.example.com").handshake()).contains("\"connect\"");
    }

    @Test
    void anEmptyAllowedOriginsListRefusesEveryBrowserUpgrade() throws Exception {
        int port = start(options().withAllowedOrigins(List.of())).port();
        String path = "/connection/websocket";
        assertThat(WsTestClient.upgradeStatus(port, path, "http://127.0.0.1:" + port)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(WsTestClient.upgradeStatus(port, path, "https://app.example.com")).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(WsTestClient.upgradeStatus(port, path, null)).isEqualTo("HTTP/1.1 101 Switching Protocols");
        assertThat(server.node().info().numClients()).isZero();
    }

    @Test
    void disconnectsWithNoPongWhenTheClientDoesNotAnswerPings() throws Exception {
        var o = options().withPing(Duration.ofMillis(300), Duration.ofMillis(200));
        var c = WsTestClient.connect(start(o).port());
        assertThat(c.handshake()).contains("\"pong\":true");
        assertThat(c.next()).isEqualTo("{}");
        assertThat(c.awaitClose()).isEqualTo(3012);
        awaitNoSessions();
    }

    @Test
    void staysConnectedWhileTheClientAnswersPings() throws Exception {
        var o = options().withPing(Duration.ofMillis(300), Duration.ofMillis(200));
        var c = WsTestClient.connect(start(o).port());
        c.handshake();
        for (int i = 0; i < 3; i++) {
            assertThat(c.next()).isEqualTo("{}");
            c.send("{}");
        }
        assertThat(c.closeCode).isNotDone();
    }

    @Test
    void disconnectsAsStaleWhenNoConnectArrives() throws Exception {
        var d = CentrifugoOptions.defaults();
        var o = new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), Duration.ofMillis(200), d.expiredCloseDelay(),
                d.channelLimit(), d.queueMaxSize(), d.messageSizeLimit(), d.historyMaxPublicationLimit(),
                d.recoveryMaxPublicationLimit(), false, true, TokenKeys.hmac(SECRET), null, List.of(), "t");
        var c = WsTestClient.connect(start(o).port());
        assertThat(c.awaitClose()).isEqualTo(3502);
    }

    @Test
    void disconnectsASlowClientInsteadOfBufferingWithoutBound() throws Exception {
        var d = CentrifugoOptions.defaults();
        var o = new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), d.staleCloseDelay(), d.expiredCloseDelay(),
                d.channelLimit(), 64 * 1024, d.messageSizeLimit(), d.historyMaxPublicationLimit(),
                d.recoveryMaxPublicationLimit(), false, true, TokenKeys.hmac(SECRET), null, List.of(), "t");
        int port = start(o).port();
        var slow = WsTestClient.connect(port, false, null);
        slow.handshake();
        slow.send("{\"subscribe\":{\"channel\":\"firehose\"},\"id\":2}");
        slow.readMore(1);
        slow.next();
        var fast = WsTestClient.connect(port);
        String fastId = fast.handshake().replaceAll(".*\"client\":\"([^\"]+)\".*", "$1");
        byte[] payload = ("\"" + "y".repeat(8000) + "\"").getBytes();
        for (int i = 0; i < 2000 && server.node().hub().numSubscribers("firehose") > 0; i++) {
            server.node().publish("firehose", payload, PublishOptions.DEFAULT).join();
        }
        // the cut is decided on the publishing side, but the hub forgets the client on its own event loop
        Conditions.eventually(() -> server.node().hub().numSubscribers("firehose") == 0);
        // Reads at once what piled up: the close frame waits behind it, and the server aborts a peer that
        // does not take it within a second.
        slow.readMore(Long.MAX_VALUE);
        assertThat(slow.awaitClose()).isEqualTo(3008);
        assertThat(slow.closeReason.join()).isEqualTo("slow");
        assertThat(server.node().info().numClients()).isEqualTo(1); // the fast client stays
        assertThat(server.node().hub().session(fastId)).isNotNull();
    }

    @Test
    void disconnectsJsonClientsWith3506WhenAPublicationIsNotJson() throws Exception {
        var c = WsTestClient.connect(startDefault().port());
        c.handshake();
        c.send("{\"subscribe\":{\"channel\":\"bin\"},\"id\":2}");
        c.next();
        server.node().publish("bin", new byte[] {0, 1, 2, (byte) 0xff}, PublishOptions.DEFAULT).join();
        assertThat(c.awaitClose()).isEqualTo(3506);
    }
}
