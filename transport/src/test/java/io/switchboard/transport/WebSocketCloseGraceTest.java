package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a WebSocket from the server, on a real server and socket: a peer that never reads cannot take the
 * close frame, so the server drops the socket after the grace; a peer that reads is closed at once.
 */
class WebSocketCloseGraceTest {
    private HttpServer server;
    private final CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private int start() throws InterruptedException {
        WebSocketRoute route = TestRoute.of(null, connection -> {
            opened.complete(connection);
            return new WebSocketListener() {
                @Override
                public void onText(ByteBuf message) {
                }

                @Override
                public void onBinary(ByteBuf message) {
                }

                @Override
                public void onClose() {
                    closed.countDown();
                }

                @Override
                public void onReadComplete() {
                }
            };
        });
        server = new HttpServer(new Router().websocket("/ws", route), "127.0.0.1", 0, 65536, 1 << 20);
        server.start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static Socket upgrade(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertThat(line(in)).isEqualTo("HTTP/1.1 101 Switching Protocols");
        while (!line(in).isEmpty()) {
            // headers
        }
        return socket;
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("closed");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    /** Writes frames on the connection's loop until the kernel stops taking them. */
    private static void fillUntilBlocked(WebSocketConnection conn) throws Exception {
        byte[] chunk = new byte[16 * 1024];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean blocked = conn.eventLoop().submit(() -> {
                if (!conn.isWritable()) return true;
                conn.buffer().writeBytes(chunk);
                conn.flush();
                return false;
            }).get(5, TimeUnit.SECONDS);
            if (blocked) return;
        }
        throw new AssertionError("the socket never stopped taking writes");
    }

    @Test
    void aPeerThatNeverReadsIsDroppedAfterTheGrace() throws Exception {
        int port = start();
        try (Socket socket = upgrade(port, 4096)) {
            WebSocketConnection conn = opened.get(5, TimeUnit.SECONDS);
            fillUntilBlocked(conn);
            long start = System.nanoTime();
            conn.close(1000, "slow");
            assertThat(closed.await(WebSocketConnection.CLOSE_GRACE_MILLIS + 5_000, TimeUnit.MILLISECONDS))
                    .as("the server side of a non-reading peer is closed").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(WebSocketConnection.CLOSE_GRACE_MILLIS - 100);
        }
    }

    @Test
    void aPeerThatReadsIsClosedAtOnce() throws Exception {
        int port = start();
        try (Socket socket = upgrade(port, 65536)) {
            WebSocketConnection conn = opened.get(5, TimeUnit.SECONDS);
            conn.close(1000, "bye");
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readUnsignedByte() & 0x0f).isEqualTo(8); // the close frame
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}); // masked close 1000
            out.flush();
            assertThat(closed.await(WebSocketConnection.CLOSE_GRACE_MILLIS / 2, TimeUnit.MILLISECONDS))
                    .as("closed well before the grace").isTrue();
        }
    }

    @Test
    void whatThePeerSendsAfterOurCloseDoesNotCostItTheCloseFrame() throws Exception {
        int port = start();
        try (Socket socket = upgrade(port, 65536)) {
            WebSocketConnection conn = opened.get(5, TimeUnit.SECONDS);
            conn.close(4321, "go away");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (socket.getInputStream().available() == 0) { // the close frame is here, unread
                assertThat(System.nanoTime()).as("the close frame arrives").isLessThan(deadline);
                Thread.onSpinWait();
            }
            // a server that closed its socket at once answers this with a reset, which throws away the unread
            // close frame on this side
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 20; i++) {
                out.write(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'}); // masked text "x"
                out.flush();
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readUnsignedByte()).isEqualTo(0x88);
            int length = in.readUnsignedByte();
            assertThat(in.readUnsignedShort()).isEqualTo(4321);
            byte[] reason = new byte[length - 2];
            in.readFully(reason);
            assertThat(new String(reason, StandardCharsets.UTF_8)).isEqualTo("go away");
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x10, (byte) 0xe1}); // masked close 4321
            out.flush();
            assertThat(in.read()).as("the server ends the stream after our close").isEqualTo(-1);
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
