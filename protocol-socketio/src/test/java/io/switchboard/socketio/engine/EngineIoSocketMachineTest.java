package io.switchboard.socketio.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.switchboard.transport.HttpServer;
import io.switchboard.transport.Router;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Engine.IO session's state machine without a socket: the real transport pipeline on {@link EmbeddedChannel}s
 * (one per HTTP request or WebSocket), and one fake ticker for every channel's timers.
 */
class EngineIoSocketMachineTest {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private final MockTicker ticker = Ticker.newMockTicker();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final EngineIoServer server = new EngineIoServer(EngineIoOptions.defaults()
            .withPing(Duration.ofMillis(1000), Duration.ofMillis(500)).withUpgradeTimeout(Duration.ofMillis(2000)), s -> {
                s.onMessage(messages::add);
                s.onClose(closes::add);
            });
    private final Router router = new Router().http("/engine.io/", server);

    // --- v4 -------------------------------------------------------------------------------------------------

    @Test
    void pollingOpensWithTheOpenPacketAndExchangesMessages() {
        String sid = openPolling(4);
        EmbeddedChannel get = newChannel();
        send(get, "GET /engine.io/?EIO=4&transport=polling&sid=" + sid, null);
        assertThat(read(get)).isEmpty(); // held until there is something to send
        EmbeddedChannel post = newChannel();
        send(post, "POST /engine.io/?EIO=4&transport=polling&sid=" + sid, "4hello\u001e4world");
        assertThat(body(read(post))).isEqualTo("ok");
        assertThat(messages).containsExactly("hello", "world");
        sessionOf(sid).send("back");
        run();
        assertThat(body(read(get))).isEqualTo("4back");
    }

    @Test
    void probeAndUpgradeAnswerThePausedPollWithANoop() {
        String sid = openPolling(4);
        EmbeddedChannel get = newChannel();
        send(get, "GET /engine.io/?EIO=4&transport=polling&sid=" + sid, null);
        EmbeddedChannel ws = openWebSocket(4, sid);
        wsSend(ws, "2probe");
        assertThat(wsRead(ws)).containsExactly("3probe");
        assertThat(body(read(get))).isEqualTo("6");
        wsSend(ws, "5");
        assertThat(sessionOf(sid).transport()).isEqualTo("websocket");
        sessionOf(sid).send("over ws");
        run();
        assertThat(wsRead(ws)).containsExactly("4over ws");
        EmbeddedChannel late = newChannel();
        send(late, "GET /engine.io/?EIO=4&transport=polling&sid=" + sid, null);
        assertThat(read(late)).startsWith("HTTP/1.1 400");
    }

    @Test
    void aSecondWebSocketForAnUpgradedSessionOpensAndIsClosed() {
        String sid = openPolling(4);
        EmbeddedChannel ws = openWebSocket(4, sid);
        wsSend(ws, "2probe");
        wsSend(ws, "5");
        wsRead(ws);
        EmbeddedChannel second = newChannel();
        String answer = upgradeRequest(second, 4, sid);
        assertThat(answer).startsWith("HTTP/1.1 101");
        assertThat(wsRead(second)).containsExactly("close");
        assertThat(server.sessionCount()).isEqualTo(1);
        assertThat(closes).isEmpty();
    }

    @Test
    void anUpgradeThatStallsIsAbandonedAfterTheTimeout() {
        String sid = openPolling(4);
        EmbeddedChannel ws = openWebSocket(4, sid);
        wsSend(ws, "2probe");
        wsRead(ws);
        advance(1999);
        assertThat(wsRead(ws)).isEmpty();
        advance(1);
        assertThat(wsRead(ws)).containsExactly("close");
        assertThat(sessionOf(sid).transport()).isEqualTo("polling");
    }

    @Test
    void v4ServerPingsEveryIntervalAndClosesWithoutAPong() {
        String sid = openPolling(4);
        EmbeddedChannel get = newChannel();
        send(get, "GET /engine.io/?EIO=4&transport=polling&sid=" + sid, null);
        advance(1000);
        assertThat(body(read(get))).isEqualTo("2");
        EmbeddedChannel post = newChannel();
        send(post, "POST /engine.io/?EIO=4&transport=polling&sid=" + sid, "3");
        advance(999);
        assertThat(closes).isEmpty();
        get = newChannel();
        send(get, "GET /engine.io/?EIO=4&transport=polling&sid=" + sid, null);
        advance(1);
        assertThat(body(read(get))).isEqualTo("2");
        advance(499);
        assertThat(closes).isEmpty();
        advance(1);
        assertThat(closes).containsExactly("ping timeout");
    }

    @Test
    void anAbandonedPollEndsTheSession() {
        String sid = openPolling(4);
        EmbeddedChannel get = newChannel();
        send(get, "GET /engine.io/?EIO=4&transport=polling&sid=" + sid, null);
        get.close();
        run();
        assertThat(closes).containsExactly("transport close");
        assertThat(server.sessionCount()).isZero();
    }

    // --- v3 -------------------------------------------------------------------------------------------------

    @Test
    void v3ClientPingsServerPongsAndSilenceClosesAfterIntervalPlusTimeout() {
        String sid = openPolling(3);
        EmbeddedChannel get = newChannel();
        send(get, "GET /engine.io/?EIO=3&transport=polling&b64=1&sid=" + sid, null);
        advance(1400);
        EmbeddedChannel post = newChannel();
        send(post, "POST /engine.io/?EIO=3&transport=polling&b64=1&sid=" + sid, "1:2");
        assertThat(body(read(get))).isEqualTo("1:3");
        advance(1499);
        assertThat(closes).isEmpty();
        advance(1);
        assertThat(closes).containsExactly("ping timeout");
    }

    @Test
    void v3ProbeAndUpgrade() {
        String sid = openPolling(3);
        EmbeddedChannel get = newChannel();
        send(get, "GET /engine.io/?EIO=3&transport=polling&b64=1&sid=" + sid, null);
        EmbeddedChannel ws = openWebSocket(3, sid);
        wsSend(ws, "2probe");
        assertThat(wsRead(ws)).containsExactly("3probe");
        assertThat(body(read(get))).isEqualTo("1:6");
        wsSend(ws, "5");
        wsSend(ws, "2");
        assertThat(wsRead(ws)).containsExactly("3");
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String openPolling(int eio) {
        EmbeddedChannel ch = newChannel();
        send(ch, "GET /engine.io/?EIO=" + eio + "&transport=polling" + (eio == 3 ? "&b64=1" : ""), null);
        String body = body(read(ch));
        assertThat(body).contains("\"upgrades\":[\"websocket\"]");
        assertThat(eio == 4 ? body.startsWith("0{") : body.matches("\\d+:0\\{.*")).as(body).isTrue();
        Matcher m = SID.matcher(body);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private EngineIoSocket sessionOf(String sid) {
        return server.session(sid);
    }

    private EmbeddedChannel newChannel() {
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(ticker).build();
        HttpServer.initPipeline(ch.pipeline(), router, 1 << 20);
        channels.add(ch);
        return ch;
    }

    private void run() {
        for (int i = 0; i < 3; i++) for (EmbeddedChannel ch : channels) ch.runPendingTasks();
    }

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        for (EmbeddedChannel ch : channels) ch.runScheduledPendingTasks();
        run();
    }

    private void send(EmbeddedChannel ch, String requestLine, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + content.length
                + (body == null ? "" : "\r\nContent-Type: text/plain;charset=UTF-8") + "\r\n\r\n";
        ch.writeInbound(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), content));
        run();
    }

    private static String read(EmbeddedChannel ch) {
        return new String(readBytes(ch), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static String body(String response) {
        assertThat(response).startsWith("HTTP/1.1 200");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private String upgradeRequest(EmbeddedChannel ch, int eio, String sid) {
        String head = "GET /engine.io/?EIO=" + eio + "&transport=websocket&sid=" + sid + " HTTP/1.1\r\nHost: test\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        ch.writeInbound(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII)));
        run();
        byte[] all = readBytes(ch);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n") + 4;
        pendingFrames = java.util.Arrays.copyOfRange(all, end, all.length);
        return text.substring(0, end);
    }

    private byte[] pendingFrames = new byte[0];

    private EmbeddedChannel openWebSocket(int eio, String sid) {
        EmbeddedChannel ch = newChannel();
        assertThat(upgradeRequest(ch, eio, sid)).startsWith("HTTP/1.1 101");
        assertThat(pendingFrames).isEmpty();
        return ch;
    }

    /** One masked (zero mask) text frame from the client. */
    private void wsSend(EmbeddedChannel ch, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer().writeByte(0x81).writeByte(0x80 | payload.length).writeInt(0).writeBytes(payload);
        ch.writeInbound(frame);
        run();
    }

    /** The server's frames since the last read: text payloads, and "close" for a close frame. */
    private List<String> wsRead(EmbeddedChannel ch) {
        byte[] prior = pendingFrames;
        pendingFrames = new byte[0];
        byte[] now = readBytes(ch);
        ByteBuf in = Unpooled.wrappedBuffer(prior, now);
        List<String> frames = new ArrayList<>();
        while (in.isReadable()) {
            int opcode = in.readUnsignedByte() & 0x0f;
            int len = in.readUnsignedByte() & 0x7f;
            if (len == 126) len = in.readUnsignedShort();
            byte[] payload = new byte[len];
            in.readBytes(payload);
            frames.add(opcode == 8 ? "close" : new String(payload, StandardCharsets.UTF_8));
        }
        return frames;
    }
}
