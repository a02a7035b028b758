package io.switchboard.pusher;

import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client that speaks frames by hand: what it receives, in order, and how it was closed. */
final class RawClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket ws;

    private RawClient(int port, String pathAndQuery) throws Exception {
        ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closeCode.completeExceptionally(error);
            }
        }).get(5, TimeUnit.SECONDS);
    }

    static RawClient connect(int port, String pathAndQuery) throws Exception {
        return new RawClient(port, pathAndQuery);
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** The next frame, failing after 5 s. */
    String next() throws InterruptedException {
        String s = received.poll(5, TimeUnit.SECONDS);
        if (s == null) throw new AssertionError("no frame within 5 s");
        return s;
    }

    /** The next frame whose event is this one, skipping others; failing after 5 s. */
    String nextEvent(String event) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String s = received.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && event.equals(member(s, "event"))) return s;
        }
        throw new AssertionError("no " + event + " within 5 s; left: " + received);
    }

    /** A top-level member of a frame: a string as it is, anything else as JSON text. */
    static Object member(String frame, String name) throws Exception {
        JsonObject o = (JsonObject) JsonTree.parse(frame);
        for (Map.Entry<String, Object> e : o.members()) if (e.getKey().equals(name)) return e.getValue();
        return null;
    }

    int closeCode() throws Exception {
        return closeCode.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
