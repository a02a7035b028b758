package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code http_server.max_connections}: beyond it a connection is answered 503 and closed; the count is exact. */
class ConnectionGateTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static EmbeddedChannel connect(OpenConnections connections) {
        EmbeddedChannel ch = new EmbeddedChannel();
        HttpServer.initPipeline(ch.pipeline(), new Router(), 1 << 16, ConnectionLimits.NONE, connections);
        return ch;
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    @Test
    void aConnectionBeyondTheMaximumIsAnswered503AndClosed() {
        OpenConnections connections = new OpenConnections(2);
        EmbeddedChannel first = connect(connections);
        EmbeddedChannel second = connect(connections);
        EmbeddedChannel third = connect(connections);
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();
        assertThat(written(third)).startsWith("HTTP/1.1 503 Service Unavailable\r\n").containsIgnoringCase("connection: close");
        assertThat(third.isOpen()).isFalse();
        assertThat(connections.count()).isEqualTo(2);

        first.close();
        assertThat(connections.count()).isEqualTo(1);
        EmbeddedChannel fourth = connect(connections);
        assertThat(fourth.isOpen()).isTrue();
        assertThat(written(fourth)).isEmpty();
        assertThat(connections.count()).isEqualTo(2);
    }

    @Test
    void noMaximumCountsButRefusesNone() {
        OpenConnections connections = new OpenConnections(0);
        List<EmbeddedChannel> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) all.add(connect(connections));
        assertThat(all).allMatch(EmbeddedChannel::isOpen);
        assertThat(connections.count()).isEqualTo(50);
        all.forEach(EmbeddedChannel::close);
        assertThat(connections.count()).isZero();
    }

    private static int available(Socket socket) {
        try {
            return socket.getInputStream().available();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void manyConnectingAtOnceAreCountedExactly() throws Exception {
        int max = 5;
        server = new HttpServer(new Router(), "127.0.0.1", 0, 65536, 1 << 20,
                new ConnectionLimits(Duration.ZERO, Duration.ZERO, max));
        server.start();
        int port = server.port();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Socket>> connecting = new ArrayList<>();
                Callable<Socket> connect = () -> new Socket("127.0.0.1", port);
                for (int i = 0; i < 20; i++) connecting.add(pool.submit(connect));
                List<Socket> sockets = new ArrayList<>();
                for (Future<Socket> f : connecting) sockets.add(f.get(10, TimeUnit.SECONDS));
                // the refused are answered at once; the others are held, silent
                eventually(() -> sockets.stream().filter(s -> available(s) > 0).count() == sockets.size() - max);
                assertThat(server.openConnections()).as("round %d", round).isEqualTo(max);
                for (Socket s : sockets) {
                    if (available(s) == 0) continue;
                    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.1 503 ").containsIgnoringCase("connection: close");
                }
                for (Socket s : sockets) s.close();
                eventually(() -> server.openConnections() == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
