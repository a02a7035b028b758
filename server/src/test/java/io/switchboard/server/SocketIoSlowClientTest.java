package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import io.switchboard.socketio.SocketIoOptions;
import io.switchboard.socketio.engine.EngineIoOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.server.Conditions.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO WebSocket clients that cannot take what is sent to them. Socket.IO has no close code of its own for
 * "slow": the server ends the Engine.IO session, so the client sees its WebSocket closed with 1000 and no
 * DISCONNECT packet (it reconnects, as after Centrifugo's 3008), and nothing of the socket is left on the server.
 * Each test sets the bound it is about low and the other one out of reach, so only the first can be the cause.
 */
class SocketIoSlowClientTest {
    private static final Pattern N = Pattern.compile("^42\\[\"message\",\\{\"n\":(\\d+),");
    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
    private Switchboard server;

    private void start(long inboxBytes, long engineBufferedBytes) throws Exception {
        EngineIoOptions engine = EngineIoOptions.defaults().withPing(Duration.ofSeconds(60), Duration.ofSeconds(30))
                .withMaxBufferedBytes(engineBufferedBytes);
        server = Switchboard.builder().port(0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true))
                .socketIo(SocketIoOptions.defaults().withEngine(engine).withMaxQueuedBytes(inboxBytes))
                .start();
        server.namespace("/").onConnection(socket -> {
            socket.onDisconnect(disconnects::add);
            socket.on("burst", (args, ack) -> { // publishes from the socket's own loop: no drain can run meanwhile
                byte[] data = ("{\"pad\":\"" + "b".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 100; i++) server.node().publish("burst", data, PublishOptions.DEFAULT);
            });
            socket.join(String.valueOf(socket.handshake().query().get("room")));
        });
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** A v5 client on a WebSocket (JDK client, reading), connected to {@code /} and in {@code room}. */
    private WsTestClient client(String room) throws InterruptedException {
        int before = server.node().hub().numSubscribers(room);
        var ws = WsTestClient.connect(server.port(), true, null, "/socket.io/?EIO=4&transport=websocket&room=" + room);
        assertThat(ws.next()).startsWith("0{\"sid\"");
        ws.send("40");
        assertThat(ws.next()).startsWith("40{\"sid\"");
        eventually(() -> server.node().hub().numSubscribers(room) == before + 1);
        return ws;
    }


    private static List<Integer> numbers(List<String> lines) {
        List<Integer> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = N.matcher(line);
            assertThat(m.find()).as("a room event: %s", line.length() > 80 ? line.substring(0, 80) : line).isTrue();
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static List<Integer> upTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(i);
        return out;
    }

    @Test
    void aClientThatStopsReadingIsCutAtTheEngineBufferBoundAndTheOthersKeepEverything() throws Exception {
        start(1L << 30, 256 * 1024); // the inbox could hold everything this test ever publishes
        try (StalledClient slow = new StalledClient(server.port(), "/socket.io/?EIO=4&transport=websocket&room=firehose")) {
            assertThat(slow.nextText()).startsWith("0{\"sid\"");
            slow.send("40");
            assertThat(slow.nextText()).startsWith("40{\"sid\"");
            eventually(() -> server.node().hub().numSubscribers("firehose") == 1);
            WsTestClient fast = client("firehose");
            String pad = "y".repeat(64 * 1024);
            int published = 0; // the slow client reads no more: its small receive buffer fills within a few MB
            while (published < 2000 && server.node().hub().numSubscribers("firehose") == 2) {
                byte[] data = ("{\"n\":" + published + ",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8);
                server.node().publish("firehose", data, PublishOptions.DEFAULT).join();
                // One at a time, as the fast client takes them: the engine checks its bound after each flush,
                // and what one drain writes is bounded by the inbox, which this test sets out of reach.
                assertThat(numbers(List.of(fast.next()))).containsExactly(published);
                published++;
            }
            assertThat(server.node().hub().numSubscribers("firehose")).as("after %d publications", published).isEqualTo(1);
            assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("transport error");
            assertThat(server.socketIo().sessionCount()).isEqualTo(1);
            assertThat(server.node().info().numClients()).isEqualTo(1);

            List<String> got = new ArrayList<>(); // what was written before the cut, in order, then the close frame
            String text;
            while ((text = slow.nextText()) != null) got.add(text);
            assertThat(slow.closeCode).isEqualTo(1000);
            List<Integer> numbers = numbers(got); // no DISCONNECT packet ("41") among them
            assertThat(numbers).isNotEmpty().isEqualTo(upTo(numbers.size()));
            assertThat(numbers.size()).isLessThanOrEqualTo(published);

            assertThat(fast.closeCode).isNotDone();
        }
    }

    @Test
    void aBurstOverTheInboxBoundDisconnectsTheSocketAsSlow() throws Exception {
        start(64 * 1024, 1L << 30); // 100 publications of 1 KB at once; the engine would buffer them all
        WsTestClient bursting = client("burst");
        WsTestClient other = client("elsewhere");
        bursting.send("42[\"burst\"]");
        assertThat(bursting.awaitClose()).isEqualTo(1000);
        assertThat(bursting.lines).isEmpty(); // the inbox is dropped whole: no gapped stream, no DISCONNECT packet
        assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("forced close");
        eventually(() -> server.socketIo().sessionCount() == 1);
        assertThat(server.node().info().numClients()).isEqualTo(1);
        assertThat(server.node().hub().numSubscribers("burst")).isZero();
        assertThat(other.closeCode).isNotDone();
    }

    /**
     * A WebSocket peer on a plain socket whose receive buffer is kept small, so that the bytes it does not read
     * pile up on the server within a few megabytes (the JDK client's socket grows to tens of them on loopback).
     */
    private static final class StalledClient implements AutoCloseable {
        private final Socket socket = new Socket();
        private final DataInputStream in;
        private final OutputStream out;
        int closeCode = -1;

        StalledClient(int port, String path) throws IOException {
            socket.setReceiveBufferSize(16 * 1024); // before connecting, so the kernel does not tune it up
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1024));
            out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("stalled-client-k".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            while (!readLine().isEmpty()) {
                // the rest of the upgrade's headers
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) throw new EOFException("closed during the upgrade");
                if (b != '\r') line.append((char) b);
            }
            return line.toString();
        }

        /** Sends one masked text frame (a zero mask is a valid one). */
        void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            assertThat(payload.length).isLessThan(126);
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
            out.write(payload);
            out.flush();
        }

        /** The next text frame, or null once a close frame came (its code in {@link #closeCode}). */
        String nextText() throws IOException {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) length = in.readUnsignedShort();
                else if (length == 127) length = in.readLong();
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                if (opcode == 0x8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return null;
                }
                if (opcode == 0x1) return new String(payload, StandardCharsets.UTF_8);
                assertThat(opcode).as("a whole text or close frame").isEqualTo(0x8);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
