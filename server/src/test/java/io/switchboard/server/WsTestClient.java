package io.switchboard.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebSocket peer for protocol tests (JDK client): records every text frame, split into lines, and the
 * close code and reason. With {@code autoRead} false it stops reading after each frame until {@link #readMore}.
 */
final class WsTestClient implements WebSocket.Listener {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> frames = java.util.Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
    private final boolean autoRead;
    private final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    private WsTestClient(boolean autoRead) {
        this.autoRead = autoRead;
    }

    static WsTestClient connect(int port) {
        return connect(port, true, null);
    }

    static WsTestClient connect(int port, boolean autoRead, String origin) {
        return connect(port, autoRead, origin, "/connection/websocket");
    }

    static WsTestClient connect(int port, boolean autoRead, String origin, String path) {
        WsTestClient c = new WsTestClient(autoRead);
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) builder.header("Origin", origin);
        c.ws = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), c).join();
        return c;
    }

    /** The status line the server answers a WebSocket upgrade of {@code path} with, sent on a plain socket. */
    static String upgradeStatus(int port, String path, String origin) throws java.io.IOException {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') line.append((char) c);
            return line.toString();
        }
    }

    WsTestClient sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    byte[] nextBinary() throws InterruptedException {
        byte[] frame = binaries.poll(5, TimeUnit.SECONDS);
        if (frame == null) throw new AssertionError("no binary frame within 5 s; closed with " + closeCode.getNow(null));
        return frame;
    }

    WsTestClient send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    /** The next line (reply or push), failing after 5 s. */
    String next() throws InterruptedException {
        String line = lines.poll(5, TimeUnit.SECONDS);
        if (line == null) throw new AssertionError("no message within 5 s; closed with " + closeCode.getNow(null));
        return line;
    }

    /** Connects anonymously and returns the connect reply. */
    String handshake() throws InterruptedException {
        send("{\"connect\":{\"name\":\"test\"},\"id\":1}");
        return next();
    }

    /** Closes from the client's side (1000). */
    void close() {
        ws.sendClose(1000, "").join();
    }

    int awaitClose() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    void readMore(long n) {
        ws.request(n);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            frames.add(frame);
            for (String line : frame.split("\n")) lines.add(line);
        }
        if (autoRead) webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            binaries.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        if (autoRead) webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.complete(reason);
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }
}
