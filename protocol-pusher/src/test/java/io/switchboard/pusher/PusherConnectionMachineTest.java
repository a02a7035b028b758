package io.switchboard.pusher;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.pusher.internal.codec.Dialect;
import io.switchboard.pusher.internal.codec.ServerFrames;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One Pusher connection's state machine on an embedded event loop and a fake clock, without sockets. */
class PusherConnectionMachineTest {
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
            return Instant.ofEpochMilli(1_700_000_000_000L + TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime()));
        }
    };
    private final PusherApp app = new PusherApp("a", "k", "s", true, true, -1, 100, 10, 200, 10, 2, false, List.of(), "");
    private final Node node = new Node("n", "0", ChannelRules.of(ChannelOptions.DEFAULTS).with(ChannelType.KINDS, Map.of()),
            Engine.of(new MemoryEngine()), 10);
    private final Pusher pusher = new Pusher(node, new ClientAccess(node, TokenKeys.hmac("x".repeat(32)), null, true, false,
            null, clock), new PusherSettings(List.of(app), Duration.ofSeconds(30), Duration.ofSeconds(10), List.of(), 1 << 16), null);
    private final Recorder link = new Recorder();
    private final PusherConnection c = new PusherConnection(pusher, app, new ServerFrames(Dialect.PUSHER), link,
            ConnectionLoop.of(channel.eventLoop()), channel.eventLoop(), "1.2");

    private static final class Recorder implements ConnectionLink {
        final List<String> sent = new ArrayList<>();
        int closeCode;

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void send(SharedFrame frame) {
            sent.add(new String(frame.payload(), StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        @Override
        public long unsent() {
            return 0;
        }

        String last() {
            return sent.get(sent.size() - 1);
        }
    }

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    private void text(String s) {
        c.text(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void silenceBringsAPingThenAClose4201WithoutThePong() {
        c.open();
        advance(29_999);
        assertEquals(1, link.sent.size(), "only connection_established before the activity timeout");
        advance(1);
        assertEquals("{\"event\":\"pusher:ping\",\"data\":{}}", link.last());
        advance(9_999);
        assertEquals(0, link.closeCode);
        advance(1);
        assertEquals(4201, link.closeCode);
        assertTrue(link.sent.get(link.sent.size() - 1).contains("\"code\":4201"));
    }

    @Test
    void aWebSocketPongCountsAsActivity() {
        c.open();
        advance(30_000);
        assertEquals("{\"event\":\"pusher:ping\",\"data\":{}}", link.last());
        advance(5_000);
        c.pong();
        advance(10_000);
        assertEquals(0, link.closeCode, "a control-frame pong must keep the connection");
        advance(30_000);
        assertEquals(0, link.closeCode);
    }

    @Test
    void anyMessageCountsAsActivity() {
        c.open();
        advance(20_000);
        text("{\"event\":\"pusher:ping\",\"data\":{}}");
        advance(20_000);
        assertEquals("{\"event\":\"pusher:pong\",\"data\":{}}", link.last(), "no server ping 20 s after the client spoke");
    }

    @Test
    void clientEventsOverTheRateGet4301AndTheWindowResets() {
        c.open();
        String auth = app.key() + ":" + Signatures.hmacHex(app.secret(), "1.2:private-c");
        text("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-c\",\"auth\":\"" + auth + "\"}}");
        assertTrue(link.last().contains("subscription_succeeded"), link.last());
        int before = link.sent.size();
        for (int i = 0; i < 3; i++) text("{\"event\":\"client-x\",\"channel\":\"private-c\",\"data\":{}}");
        assertEquals(before + 1, link.sent.size(), "two events pass, the third is refused");
        assertTrue(link.last().contains("\"code\":4301"), link.last());
        advance(1000);
        text("{\"event\":\"client-x\",\"channel\":\"private-c\",\"data\":{}}");
        assertEquals(before + 1, link.sent.size(), "a new second allows events again: " + link.last());
    }

    @Test
    void signInAsAnotherUserOnTheSameConnectionEndsIt4009() {
        c.open();
        String userData = "{\"id\":\"alice\"}";
        String auth = app.key() + ":" + Signatures.hmacHex(app.secret(), Signatures.userString("1.2", userData));
        text("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + auth + "\",\"user_data\":\"{\\\"id\\\":\\\"alice\\\"}\"}}");
        assertEquals("{\"event\":\"pusher:signin_success\",\"data\":\"{\\\"user_data\\\":\\\"{\\\\\\\"id\\\\\\\":\\\\\\\"alice\\\\\\\"}\\\"}\"}", link.last());
        assertEquals("alice", c.userId());
        assertEquals(1, pusher.users().terminate(app, "alice"));
        channel.runPendingTasks();
        assertEquals(4009, link.closeCode);
    }

    @Test
    void aBadSignInSignatureEndsTheConnection4009() {
        c.open();
        text("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"k:00\",\"user_data\":\"{\\\"id\\\":\\\"alice\\\"}\"}}");
        assertEquals(4009, link.closeCode);
        assertEquals("", c.userId());
    }
}
