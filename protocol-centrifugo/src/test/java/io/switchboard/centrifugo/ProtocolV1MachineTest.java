package io.switchboard.centrifugo;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.internal.codec.V1JsonCodec;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What differs for a protocol v1 connection, on the same state machine as v2 (see {@link CentrifugoClientMachineTest}):
 * the client pings and the server answers (the server's own pings are WebSocket frames), the first command must be connect, bad frames and v2 commands close
 * with 3501 and a JSON advice, and what v2 ends with an unsubscribe push (a gap, an expired subscription) v1 ends by
 * closing the connection so the client reconnects.
 */
class ProtocolV1MachineTest {
    private static final String SECRET = "v1-machine-secret";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final ChannelOptions HISTORY = ChannelOptions.builder().historySize(10)
            .historyTtl(Duration.ofMinutes(5)).forcePositioning(true)
            .allowSubscribeForClient(true).allowSubscribeForAnonymous(true).build();
    private static final String BAD_REQUEST_ADVICE = "{\"reason\":\"bad request\",\"reconnect\":false}";

    private final MockTicker ticker = Ticker.newMockTicker();
    private final FakeClock clock = new FakeClock(ticker, START);
    private final EmbeddedChannel loop = EmbeddedChannel.builder().ticker(ticker).build();
    private final Node node = new Node("machine", "0.1.0",
            new ChannelRules(255, ChannelOptions.DEFAULTS, Map.of("h", HISTORY)),
            Engine.of(new MemoryEngine(clock::millis, 10_000)), 300);
    private RecordingTransport transport;
    private CentrifugoClient client;

    @AfterEach
    void close() {
        node.shutdown();
        loop.finishAndReleaseAll();
    }

    @Test
    void aConnectWithoutParamsIsAnsweredWithAV1ResultWithoutPingSettings() {
        start();
        send("{\"id\":1}");
        assertThat(transport.take()).containsExactly(
                "{\"id\":1,\"result\":{\"client\":\"" + client.clientId() + "\",\"version\":\"0.1.0\"}}");
    }

    @Test
    void theClientsPingIsAnsweredWithItsIdAndTheServerPingsOnlyWithWebSocketFrames() {
        connected();
        send("{\"id\":2,\"method\":7}");
        assertThat(transport.take()).containsExactly("{\"id\":2}");

        for (int i = 1; i <= 4; i++) {
            advance(Duration.ofSeconds(25));
            assertThat(transport.transportPings).isEqualTo(i);
            client.onTransportPong(); // the client's WebSocket answers the ping frame
        }
        assertThat(transport.take()).as("no v2 ping message ({})").isEmpty();
        assertThat(transport.closed).isNull();
    }

    @Test
    void noWebSocketPongWithinPongTimeoutCloses3012() {
        connected();
        advance(Duration.ofSeconds(25));
        assertThat(transport.transportPings).isEqualTo(1);
        send("{\"id\":2,\"method\":7}"); // a ping command is no pong frame
        advance(Duration.ofMillis(7_900));
        assertThat(transport.closed).isNull();
        advance(Duration.ofMillis(100));
        assertThat(transport.closed).isEqualTo(new Disconnect(3012, "{\"reason\":\"no pong\",\"reconnect\":true}"));
    }

    @Test
    void overATransportWithoutPongsSuchAsSockJsNoPongIsAwaited() {
        connected();
        transport.pongs = false;
        advance(Duration.ofSeconds(25 * 4));
        assertThat(transport.closed).isNull();
        send("{\"id\":2,\"method\":7}");
        assertThat(transport.take()).containsExactly("{\"id\":2}");
    }

    @Test
    void anUnknownMethodNumberIsAnswered104AndTheConnectionStays() {
        connected();
        send("{\"id\":2,\"method\":42,\"params\":{}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"error\":{\"code\":104,\"message\":\"method not found\"}}");
        assertThat(transport.closed).isNull();
        send("{\"id\":3,\"method\":7}");
        assertThat(transport.take()).containsExactly("{\"id\":3}");
    }

    @Test
    void paramsThatDoNotDecodeCloseWith3501AndANoReconnectAdvice() {
        connected();
        send("{\"id\":2,\"method\":1,\"params\":\"h:room\"}");
        assertThat(transport.closed).isEqualTo(new Disconnect(3501, BAD_REQUEST_ADVICE));
    }

    @Test
    void aV2CommandOnAConnectionThatBeganAsV1Closes3501() {
        connected();
        send("{\"id\":2,\"subscribe\":{\"channel\":\"h:room\"}}"); // no method: v1 reads a second connect
        assertThat(transport.closed).isEqualTo(new Disconnect(3501, BAD_REQUEST_ADVICE));
        assertThat(node.hub().numSubscribers("h:room")).isZero();
    }

    @Test
    void anyCommandButConnectFirstCloses3501() {
        start();
        send("{\"id\":1,\"method\":42}");
        assertThat(transport.take()).isEmpty();
        assertThat(transport.closed).isEqualTo(new Disconnect(3501, BAD_REQUEST_ADVICE));
    }

    @Test
    void onlySendMayComeWithoutAnId() {
        connected();
        send("{\"method\":8,\"params\":{\"data\":{\"x\":1}}}");
        assertThat(transport.take()).isEmpty();
        assertThat(transport.closed).isNull();

        send("{\"method\":7}");
        assertThat(transport.closed).isEqualTo(new Disconnect(3501, BAD_REQUEST_ADVICE));
    }

    @Test
    void publicationsArriveAsV1PushesAndAGapClosesWith3010SoTheClientReconnectsAndRecovers() {
        connected();
        send("{\"id\":2,\"method\":1,\"params\":{\"channel\":\"h:room\"}}");
        String epoch = node.position("h:room", HISTORY).join().epoch();
        assertThat(transport.take()).containsExactly("{\"id\":2,\"result\":{\"epoch\":\"" + epoch + "\",\"positioned\":true}}");

        deliver("h:room", 1, epoch, "{\"n\":1}");
        assertThat(transport.take()).containsExactly("{\"result\":{\"channel\":\"h:room\",\"data\":{\"data\":{\"n\":1},\"offset\":1}}}");
        deliver("h:room", 3, epoch, "{\"n\":3}"); // 2 is missing
        assertThat(transport.take()).isEmpty(); // no unsubscribe push: v1 could not resubscribe from it
        assertThat(transport.closed).isEqualTo(new Disconnect(3010, "{\"reason\":\"insufficient state\",\"reconnect\":true}"));
    }

    @Test
    void anExpiredSubscriptionTokenClosesWith3006() {
        start();
        send("{\"id\":1,\"params\":{\"token\":\"" + TokenIssuer.hs256(SECRET, Map.of("sub", "42")) + "\"}}");
        transport.take();
        String token = TokenIssuer.hs256(SECRET, Map.of("sub", "42", "channel", "news", "exp", clock.millis() / 1000 + 30));
        send("{\"id\":2,\"method\":1,\"params\":{\"channel\":\"news\",\"token\":\"" + token + "\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"result\":{\"expires\":true,\"ttl\":30}}");

        pongEveryPing(Duration.ofSeconds(54)); // exp + expired_close_delay (25 s) - 1 s
        assertThat(transport.closed).isNull();
        pongEveryPing(Duration.ofSeconds(1));
        assertThat(transport.take()).isEmpty();
        assertThat(transport.closed).isEqualTo(new Disconnect(3006, "{\"reason\":\"subscription expired\",\"reconnect\":true}"));
    }

    // --- surroundings -----------------------------------------------------------------------------------

    private void start() {
        var options = new CentrifugoOptions(Duration.ofSeconds(25), Duration.ofSeconds(8), Duration.ofSeconds(10),
                Duration.ofSeconds(25), 128, 1 << 20, 65536, 300, 300, false, true, TokenKeys.hmac(SECRET), null,
                List.of(), "0.1.0");
        Centrifugo centrifugo = new Centrifugo(node, options, null, Centrifugo.accessFrom(node, options, null, clock));
        transport = new RecordingTransport(loop.eventLoop());
        client = centrifugo.newClient(transport, V1JsonCodec.BIDI);
    }

    private void connected() {
        start();
        send("{\"id\":1}");
        assertThat(transport.take()).hasSize(1);
    }

    private void send(String frame) {
        client.onFrame(frame.getBytes(StandardCharsets.UTF_8));
        client.onReadComplete();
    }

    private void deliver(String channel, long offset, String epoch, String data) {
        Publication p = new Publication(offset, data.getBytes(StandardCharsets.UTF_8), null, Map.of(), 0);
        client.deliver(new PreparedPublication(channel, p, new StreamPosition(offset, epoch)));
        loop.runPendingTasks();
    }

    /** Moves time forward as a live client's WebSocket would: a pong frame for each ping frame. */
    private void pongEveryPing(Duration d) {
        for (long ms = 0; ms < d.toMillis(); ms += 500) {
            int pings = transport.transportPings;
            advance(Duration.ofMillis(Math.min(500, d.toMillis() - ms)));
            if (transport.transportPings > pings) client.onTransportPong();
        }
    }

    private void advance(Duration d) {
        long left = d.toNanos();
        loop.runPendingTasks();
        long next;
        while ((next = loop.runScheduledPendingTasks()) >= 0 && next <= left) {
            ticker.advance(next, TimeUnit.NANOSECONDS);
            left -= next;
            loop.runPendingTasks();
        }
        ticker.advance(left, TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
    }
}
