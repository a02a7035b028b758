package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that keeps up must stay connected however long it listens: 200,000 publications to one WebSocket
 * subscriber per protocol, never more than {@value #WINDOW} behind, and the server's queued bytes back to zero.
 * A per-event weight that is added and subtracted unequally trips the slow-client bound after some 30,000.
 */
class DeliverySoakTest {
    private static final int PUBLICATIONS = 200_000;
    private static final int WINDOW = 40;
    private static final byte[] DATA = ("\"" + "x".repeat(254) + "\"").getBytes(StandardCharsets.UTF_8);

    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Switchboard start() throws InterruptedException {
        server = Switchboard.builder().port(0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("*")))
                .apiInsecure(true).start();
        return server;
    }

    @Test
    void aSocketIoClientThatKeepsUpGetsEveryPublicationAndStaysConnected() throws Exception {
        start();
        server.namespace("/").onConnection(socket -> socket.join("soak"));
        Counting client = Counting.open(server.port(), "/socket.io/?EIO=4&transport=websocket",
                m -> m.startsWith("42[\"message\""));
        client.awaitText(m -> m.startsWith("0{")); // Engine.IO open
        client.send("40");
        client.awaitText(m -> m.startsWith("40{"));
        awaitSubscribers("soak", 1);
        publishAll(client, "soak");
        assertThat(client.closeCode.getNow(null)).as("close code").isNull();
        awaitNothingQueued();
    }

    @Test
    void aCentrifugoClientThatKeepsUpGetsEveryPublicationAndStaysConnected() throws Exception {
        start();
        Counting client = Counting.open(server.port(), "/connection/websocket", m -> m.startsWith("{\"push\":{\"channel\":\"soak\",\"pub\""));
        client.send("{\"connect\":{},\"id\":1}\n{\"subscribe\":{\"channel\":\"soak\"},\"id\":2}");
        client.awaitText(m -> m.startsWith("{\"id\":2,\"subscribe\""));
        publishAll(client, "soak");
        assertThat(client.closeCode.getNow(null)).as("close code").isNull();
        awaitNothingQueued();
    }

    private void publishAll(Counting client, String channel) throws Exception {
        for (int i = 0; i < PUBLICATIONS; i++) {
            if (!client.window.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the client stopped receiving after " + client.received.get()
                        + " publications; closed with " + client.closeCode.getNow(null));
            }
            server.node().publish(channel, DATA, PublishOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        }
        assertThat(client.all.await(30, TimeUnit.SECONDS)).as("all received, got " + client.received.get()).isTrue();
    }

    private void awaitSubscribers(String channel, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.node().hub().numSubscribers(channel) < n && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(server.node().hub().numSubscribers(channel)).isEqualTo(n);
    }

    private void awaitNothingQueued() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.queuedBytes() != 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(server.queuedBytes()).isZero();
    }

    /** Counts the messages that match, one window permit back for each; answers Engine.IO pings. */
    private static final class Counting implements WebSocket.Listener {
        final Semaphore window = new Semaphore(WINDOW);
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch all = new CountDownLatch(PUBLICATIONS);
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final Predicate<String> counted;
        private final StringBuilder partial = new StringBuilder();
        private final java.util.concurrent.BlockingQueue<String> others = new java.util.concurrent.LinkedBlockingQueue<>();
        private WebSocket ws;

        private Counting(Predicate<String> counted) {
            this.counted = counted;
        }

        static Counting open(int port, String path, Predicate<String> counted) {
            Counting c = new Counting(counted);
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), c).join();
            return c;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        /** Waits for a message other than the counted ones that matches, skipping the others. */
        void awaitText(Predicate<String> p) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (;;) {
                String m = others.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) throw new AssertionError("no matching message; closed with " + closeCode.getNow(null));
                if (p.test(m)) return;
            }
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
                for (String m : frame.split("\n")) onMessage(m);
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(String m) {
            if (m.equals("2")) ws.sendText("3", true);
            if (counted.test(m)) {
                received.incrementAndGet();
                all.countDown();
                window.release();
            } else {
                others.add(m);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
