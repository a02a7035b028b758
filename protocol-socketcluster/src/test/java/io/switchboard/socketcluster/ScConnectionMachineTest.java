package io.switchboard.socketcluster;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelKind;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.memory.MemoryEngine;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.transport.SharedFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One SocketCluster connection's state machine on an embedded event loop and a fake clock, without sockets. */
class ScConnectionMachineTest {
    static final String SECRET = "machine-test-secret";
    private static final long START = 1_700_000_000_000L;

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(START + TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime()));
        }
    };
    private final Node node = new Node("n", "0", ChannelRules.of(ChannelOptions.openForDevelopment())
            .with(List.of(new ChannelKind("private-", true, null)), Map.of("locked", ChannelOptions.DEFAULTS)),
            Engine.of(new MemoryEngine()), 10);
    private final Recorder link = new Recorder();

    private static class Recorder implements ConnectionLink {
        final List<String> frames = new ArrayList<>();
        int closeCode;

        @Override
        public void frame(String text) {
            frames.add(text);
        }

        @Override
        public void frame(SharedFrame frame) {
            frames.add(new String(frame.payload(), StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close(int code) {
            closeCode = code;
        }

        @Override
        public long unsent() {
            return 0;
        }

        String last() {
            return frames.isEmpty() ? null : frames.get(frames.size() - 1);
        }
    }

    private ScConnection connection(int version, boolean anonymous, SocketClusterServer[] serverOut) {
        ClientAccess access = new ClientAccess(node, TokenKeys.hmac(SECRET), null, anonymous, false, null, clock);
        SocketClusterServer server = new SocketClusterServer(node, access, SocketClusterSettings.defaults().withProtocolVersion(version));
        if (serverOut != null) serverOut[0] = server;
        return new ScConnection(server, link, ConnectionLoop.of(channel.eventLoop()), channel.eventLoop(), "abcdefghijklmnopqrst");
    }

    private ScConnection c = connection(2, true, null);

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    /** One read: the frame, then the end of the read (the flush). */
    private void text(ScConnection conn, String s) {
        conn.text(s.getBytes(StandardCharsets.UTF_8));
        conn.readComplete();
        channel.runPendingTasks();
    }

    private void text(String s) {
        text(c, s);
    }

    private void handshake() {
        c.open();
        text("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
    }

    private String token(String user, long expSeconds) {
        return TokenIssuer.hs256(SECRET, Map.of("sub", user, "exp", expSeconds));
    }

    @Test
    void theHandshakeIsAnsweredWithIdPingTimeoutAndNoAuthError() {
        handshake();
        assertEquals("{\"rid\":1,\"data\":{\"id\":\"abcdefghijklmnopqrst\",\"pingTimeout\":30000,\"isAuthenticated\":false}}", link.last());
    }

    @Test
    void noHandshakeWithinTheTimeoutCloses4005() {
        c.open();
        advance(9_999);
        assertEquals(0, link.closeCode);
        advance(1);
        assertEquals(4005, link.closeCode);
    }

    @Test
    void anythingBeforeTheHandshakeCloses4009() {
        for (String first : List.of("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":1}", "", "not json",
                "{\"rid\":1}")) {
            link.closeCode = 0;
            c = connection(2, true, null);
            c.open();
            text(first);
            assertEquals(4009, link.closeCode, first);
        }
    }

    @Test
    void aHandshakeWithoutANumericCidCloses4008() {
        c.open();
        text("{\"event\":\"#handshake\",\"data\":{},\"cid\":\"1\"}");
        assertEquals(4008, link.closeCode);
    }

    @Test
    void aServerThatNeedsTokensRejectsAHandshakeWithoutOne4008() {
        c = connection(2, false, null);
        c.open();
        text("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
        assertTrue(link.last().startsWith("{\"rid\":1,\"error\":{\"message\":"), link.last());
        assertTrue(link.last().contains("\"name\":\"AuthError\""), link.last());
        assertEquals(4008, link.closeCode);
    }

    @Test
    void pingsComeAtTheIntervalWhateverTheTrafficAndAMissingPongCloses4001() {
        handshake();
        for (int i = 0; i < 3; i++) {
            advance(7_900);
            text("{\"event\":\"chat\",\"data\":1}"); // traffic does not hold pings back
            advance(100);
            assertEquals("", link.last(), "a v2 ping at every 8 s");
            text("");
        }
        advance(29_999);
        assertEquals(0, link.closeCode);
        advance(1);
        assertEquals(4001, link.closeCode);
    }

    @Test
    void protocolOneSpeaksHashOneAndHashTwo() {
        c = connection(1, true, null);
        handshake();
        advance(8_000);
        assertEquals("#1", link.last());
        advance(20_000);
        text("#2");
        advance(20_000);
        assertEquals(0, link.closeCode, "#2 is the pong");
        advance(10_000);
        assertEquals(4001, link.closeCode);
        assertTrue(link.frames.get(link.frames.size() - 1).contains("#disconnect") || link.frames.stream().anyMatch(f -> f.contains("#disconnect")),
                "protocol 1 says #disconnect before closing");
    }

    @Test
    void subscribeIsAnsweredAndPublicationsArriveAsHashPublish() {
        handshake();
        text("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        assertEquals("{\"rid\":2}", link.last());
        node.publish("news", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT);
        channel.runPendingTasks();
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"a\":1}}}", link.last());
    }

    @Test
    void aSubscribedPublisherGetsItsOwnPublicationBeforeTheAck() {
        handshake();
        text("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        int before = link.frames.size();
        text("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"hello\":\"world\"}},\"cid\":4}");
        channel.runPendingTasks();
        assertEquals(List.of("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"hello\":\"world\"}}}", "{\"rid\":4}"),
                link.frames.subList(before, link.frames.size()));
    }

    @Test
    void everySubscribeWithACidIsAnsweredEvenWhenRefused() {
        handshake();
        text("[{\"event\":\"#subscribe\",\"data\":\"news-as-string\",\"cid\":3},"
                + "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"locked:x\"},\"cid\":4},"
                + "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"private-x\"},\"cid\":5},"
                + "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"nons:x\"},\"cid\":6}]");
        String f = link.last();
        assertTrue(f.startsWith("[{\"rid\":3,\"error\":{\"message\":\"Subscribe channel name was malformatted\",\"name\":\"InvalidActionError\"}}"), f);
        assertTrue(f.contains("{\"rid\":4,\"error\":{\"message\":\"permission denied\",\"name\":\"ForbiddenChannelError\",\"code\":103}}"), f);
        assertTrue(f.contains("{\"rid\":5,\"error\":{\"message\":\"permission denied\",\"name\":\"ForbiddenChannelError\",\"code\":103}}"),
                "a Pusher private kind is private here too: " + f);
        assertTrue(f.contains("\"rid\":6,\"error\":{\"message\":\"unknown channel\",\"name\":\"UnknownChannelError\""), f);
    }

    @Test
    void unsubscribeAndItsErrors() {
        handshake();
        text("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        text("{\"event\":\"#unsubscribe\",\"data\":\"news\",\"cid\":13}");
        assertEquals("{\"rid\":13}", link.last());
        text("{\"event\":\"#unsubscribe\",\"data\":\"news\",\"cid\":14}");
        assertTrue(link.last().contains("\"name\":\"BrokerError\""), link.last());
        node.publish("news", "1".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT);
        channel.runPendingTasks();
        assertTrue(link.last().contains("BrokerError"), "nothing delivered after the unsubscribe");
    }

    @Test
    void aServerUnsubscribeIsAKickOut() {
        handshake();
        text("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        assertEquals(1, node.unsubscribeUser("", c.clientId(), "news"));
        channel.runPendingTasks();
        assertEquals("{\"event\":\"#kickOut\",\"data\":{\"channel\":\"news\",\"message\":\"server unsubscribe\"}}", link.last());
    }

    @Test
    void aTokenInTheHandshakeAuthenticatesAndItsExpiryEndsIt() {
        c.open();
        long exp = START / 1000 + 60;
        text("{\"event\":\"#handshake\",\"data\":{\"authToken\":\"" + token("bob", exp) + "\"},\"cid\":1}");
        assertTrue(link.last().contains("\"isAuthenticated\":true"), link.last());
        assertEquals("bob", c.userId());
        assertEquals(1, node.hub().numSessions());
        for (int i = 0; i < 7; i++) {
            advance(8_000);
            text("");
        }
        assertEquals(56_000, TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime()));
        assertEquals("", link.last(), "still authenticated before exp");
        advance(8_000);
        text(""); // the pong after exp
        assertEquals("{\"event\":\"#removeAuthToken\"}", link.last());
        assertEquals("", c.userId());
        assertEquals(0, link.closeCode, "the socket stays");
    }

    @Test
    void aBadTokenInTheHandshakeIsReportedAndRemoved() {
        c.open();
        text("{\"event\":\"#handshake\",\"data\":{\"authToken\":\"x.y.z\"},\"cid\":1}");
        assertEquals("[{\"rid\":1,\"data\":{\"id\":\"abcdefghijklmnopqrst\",\"pingTimeout\":30000,\"isAuthenticated\":false,"
                + "\"authError\":{\"message\":\"invalid token\",\"name\":\"AuthTokenInvalidError\",\"isBadToken\":true}}},"
                + "{\"event\":\"#removeAuthToken\"}]", link.last());
    }

    @Test
    void authenticateAndRemoveAuthToken() {
        handshake();
        text("{\"event\":\"#authenticate\",\"data\":\"" + token("alice", START / 1000 + 3600) + "\",\"cid\":2}");
        assertEquals("{\"rid\":2,\"data\":{\"isAuthenticated\":true,\"authError\":null}}", link.last());
        assertEquals("alice", c.userId());
        assertEquals(1, node.disconnectUser("alice", "", List.of(), Disconnect.FORCE_NO_RECONNECT),
                "a SocketCluster token's sub is the core's user");
        channel.runPendingTasks();
        assertEquals(4503, link.closeCode);
    }

    @Test
    void aBadAuthenticateIsAnErrorThenRemoveAuthToken() {
        handshake();
        text("{\"event\":\"#authenticate\",\"data\":\"" + token("alice", START / 1000 - 10) + "\",\"cid\":2}");
        assertEquals("[{\"rid\":2,\"error\":{\"message\":\"jwt expired\",\"name\":\"AuthTokenExpiredError\",\"isBadToken\":true}},"
                + "{\"event\":\"#removeAuthToken\"}]", link.last());
        text("{\"event\":\"#authenticate\",\"data\":\"t\"}");
        assertEquals(4008, link.closeCode, "#authenticate without a cid");
    }

    @Test
    void anInvokeWithoutAHandlerGetsAnErrorObject() {
        handshake();
        text("{\"event\":\"nosuchproc\",\"data\":1,\"cid\":7}");
        assertEquals("{\"rid\":7,\"error\":{\"message\":\"No handler for the nosuchproc procedure\",\"name\":\"UnknownProcedureError\"}}",
                link.last());
    }

    @Test
    void aLoginReplyAndItsSetAuthTokenLeaveInOneFrame() {
        SocketClusterServer[] server = new SocketClusterServer[1];
        c = connection(2, true, server);
        server[0].onConnection(socket -> socket.procedure("login", (data, reply) -> {
            socket.setAuthToken(Map.of("sub", String.valueOf(((Map<?, ?>) data).get("username"))));
            reply.end("ok");
        }));
        handshake();
        text("{\"event\":\"login\",\"data\":{\"username\":\"bob\"},\"cid\":2}");
        String f = link.last();
        assertTrue(f.startsWith("[{\"event\":\"#setAuthToken\",\"data\":{\"token\":\"ey"), f);
        assertTrue(f.endsWith(",{\"rid\":2,\"data\":\"ok\"}]"), f);
        assertEquals("bob", c.userId());
    }

    @Test
    void transmitsBothWaysAndAServerInvokeGetsItsReply() throws Exception {
        SocketClusterServer[] server = new SocketClusterServer[1];
        c = connection(2, true, server);
        List<Object> got = new ArrayList<>();
        CompletableFuture<SocketClusterSocket> connected = new CompletableFuture<>();
        server[0].onConnection(socket -> {
            socket.receiver("chat", got::add);
            connected.complete(socket);
        });
        handshake();
        text("{\"event\":\"chat\",\"data\":{\"n\":[1,2.5,\"x\"]}}");
        assertEquals(List.of(Map.of("n", List.of(1L, 2.5, "x"))), got);
        SocketClusterSocket socket = connected.get();
        socket.transmit("hello", Map.of("a", 1));
        channel.runPendingTasks();
        assertEquals("{\"event\":\"hello\",\"data\":{\"a\":1}}", link.last());
        CompletableFuture<Object> reply = socket.invoke("ask", "q");
        channel.runPendingTasks();
        assertEquals("{\"event\":\"ask\",\"data\":\"q\",\"cid\":1}", link.last());
        text("{\"rid\":1,\"data\":{\"answer\":42}}");
        assertEquals(Map.of("answer", 42L), reply.get(1, TimeUnit.SECONDS));
        CompletableFuture<Object> failed = socket.invoke("ask", "q");
        channel.runPendingTasks();
        text("{\"rid\":2,\"error\":{\"name\":\"CustomError\",\"message\":\"bad thing\",\"extra\":42}}");
        assertTrue(failed.isCompletedExceptionally());
        CompletableFuture<Object> lost = socket.invoke("ask", "q", Duration.ofSeconds(1));
        channel.runPendingTasks();
        advance(1_000);
        assertTrue(lost.isCompletedExceptionally(), "no reply within the timeout");
    }

    @Test
    void aHugeBatchIsAnsweredInBoundedFrames() {
        handshake();
        StringBuilder b = new StringBuilder("[");
        for (int i = 1; i <= 100_000; i++) b.append(i > 1 ? "," : "").append("{\"event\":\"x\",\"cid\":").append(i).append('}');
        text(b.append(']').toString());
        int replies = 0;
        for (String f : link.frames) {
            assertTrue(f.length() < ScConnection.MAX_PENDING_CHARS + 1_000, "no frame grows with the batch");
            replies += f.split("UnknownProcedureError", -1).length - 1;
        }
        assertEquals(100_000, replies, "every invoke answered");
        assertFalse(link.closeCode != 0);
    }

    @Test
    void publishingIntoAPrivateKindNeedsASubscriptionAndAPublishWithoutCidIsNeverAnswered() {
        handshake();
        text("{\"event\":\"#publish\",\"data\":{\"channel\":\"private-x\",\"data\":1},\"cid\":3}");
        assertTrue(link.last().startsWith("{\"rid\":3,\"error\":{\"message\":\"permission denied\",\"name\":\"ForbiddenChannelError\""),
                link.last());
        int before = link.frames.size();
        text("{\"event\":\"#publish\",\"data\":{\"channel\":\"private-x\",\"data\":1}}");
        text("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":1}}");
        channel.runPendingTasks();
        assertEquals(before, link.frames.size(), "no cid, no reply, refused or not");
    }

    @Test
    void serverDisconnectsMapToCodesTheClientReadsRight() {
        assertEquals(1001, ScConnection.closeCode(Disconnect.SHUTDOWN), "shutdown: going away");
        assertEquals(3011, ScConnection.closeCode(Disconnect.FORCE_RECONNECT), "reconnecting codes pass");
        assertEquals(4503, ScConnection.closeCode(Disconnect.FORCE_NO_RECONNECT), "45xx: socketcluster-client does not retry");
    }

    @Test
    void aSlowReaderIsCut4100() {
        Recorder slow = new Recorder() {
            @Override
            public long unsent() {
                return 2L * 1024 * 1024;
            }
        };
        ClientAccess access = new ClientAccess(node, TokenKeys.hmac(SECRET), null, true, false, null, clock);
        ScConnection s = new ScConnection(new SocketClusterServer(node, access, SocketClusterSettings.defaults()), slow,
                ConnectionLoop.of(channel.eventLoop()), channel.eventLoop(), "slowslowslowslowslow");
        s.open();
        text(s, "{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals(4100, slow.closeCode);
    }

    @Test
    void closingLeavesTheCore() {
        handshake();
        text("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        assertEquals(1, node.hub().numSessions());
        c.closed();
        assertEquals(0, node.hub().numSessions());
    }
}
