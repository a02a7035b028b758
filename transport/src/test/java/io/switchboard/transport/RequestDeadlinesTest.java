package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The header-read and idle deadlines of an HTTP connection, on the real pipeline and a fake clock. */
class RequestDeadlinesTest {
    private static final long HEAD = 10_000;
    private static final long IDLE = 120_000;
    private static final String GET = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel ch = EmbeddedChannel.builder().ticker(ticker).build();
    private final AtomicReference<HttpExchange> held = new AtomicReference<>();

    RequestDeadlinesTest() {
        Router router = new Router()
                .http("/x", e -> e.respond(200, "text/plain", "ok"))
                .http("/held", held::set) // answered later, as a long poll is
                .websocket("/ws", TestRoute.of(null, c -> new WebSocketListener() {
                    @Override
                    public void onText(ByteBuf message) {
                    }

                    @Override
                    public void onBinary(ByteBuf message) {
                    }

                    @Override
                    public void onClose() {
                    }
                }));
        HttpServer.initPipeline(ch.pipeline(), router, 1 << 16,
                new ConnectionLimits(Duration.ofMillis(HEAD), Duration.ofMillis(IDLE), 0), new OpenConnections(0));
    }

    private void send(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                out.append(b.toString(StandardCharsets.US_ASCII));
                b.release();
            }
        }
        return out.toString();
    }

    @Test
    void aConnectionThatSendsNothingIsAnswered408AndClosedAtTheHeaderDeadline() {
        advance(HEAD - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(1);
        String out = written();
        assertThat(out).startsWith("HTTP/1.1 408 Request Timeout\r\n").containsIgnoringCase("connection: close");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aHeadDribbledByteByByteIsStillCutAtTheDeadline() {
        for (int i = 0; i < HEAD / 1000 - 1; i++) {
            send(GET.substring(i, i + 1));
            advance(1000);
        }
        assertThat(ch.isOpen()).isTrue();
        send("/");
        advance(1000);
        assertThat(written()).startsWith("HTTP/1.1 408 ");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aHeadThatArrivesInTimeIsServedAndItsConnectionKept() {
        advance(HEAD - 1);
        send(GET);
        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n");
        advance(HEAD * 3);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheIdleDeadlineWithoutAnAnswer() {
        send(GET);
        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n");
        advance(IDLE - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(1);
        assertThat(ch.isOpen()).isFalse();
        assertThat(written()).isEmpty();
    }

    @Test
    void eachRequestOnAKeepAliveConnectionStartsTheIdleClockAgain() {
        send(GET);
        for (int i = 0; i < 5; i++) {
            assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n");
            advance(IDLE - 1000);
            send(GET);
        }
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void theNextHeadOnAKeepAliveConnectionHasTheHeaderDeadlineFromItsFirstByte() {
        send(GET);
        written();
        advance(60_000);
        send("GET /x HT");
        advance(HEAD - 1);
        assertThat(ch.isOpen()).isTrue();
        send("TP/1.1\r\nHo");
        advance(1);
        assertThat(written()).startsWith("HTTP/1.1 408 ");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aRequestHeldByItsRouteHasNoDeadlineUntilItIsAnswered() {
        send("GET /held HTTP/1.1\r\nHost: a\r\n\r\n");
        advance(IDLE * 2);
        assertThat(ch.isOpen()).isTrue();
        held.get().respond(200, "text/plain", "late");
        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n");
        advance(IDLE - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(1);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anUpgradedWebSocketLeavesTheHttpDeadlinesBehind() {
        send("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 101 ");
        advance(IDLE * 2);
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.pipeline().get(RequestDeadlines.class)).isNull();
    }

    @Test
    void zeroTurnsTheDeadlinesOff() {
        EmbeddedChannel off = EmbeddedChannel.builder().ticker(ticker).build();
        HttpServer.initPipeline(off.pipeline(), new Router(), 1 << 16,
                new ConnectionLimits(Duration.ZERO, Duration.ZERO, 0), new OpenConnections(0));
        ticker.advance(1, TimeUnit.DAYS);
        off.runScheduledPendingTasks();
        assertThat(off.isOpen()).isTrue();
    }
}
