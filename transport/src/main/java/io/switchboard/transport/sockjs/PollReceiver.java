package io.switchboard.transport.sockjs;

import io.switchboard.transport.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A polling request (xhr, jsonp): answered with one frame, which ends it. */
final class PollReceiver implements Receiver {
    private final HttpExchange exchange;
    private final String callback; // jsonp's, null for xhr
    private final Map<String, String> headers;
    private Runnable unwatch = () -> { };
    private boolean answered;
    private volatile boolean dropped;

    PollReceiver(HttpExchange exchange, String callback, Map<String, String> headers) {
        this.exchange = exchange;
        this.callback = callback;
        this.headers = headers;
    }

    /** Tells the session when the client drops the request before it is answered. */
    void watch(SockJsSession session) {
        unwatch = exchange.onConnectionClose(() -> {
            dropped = true;
            session.loop().execute(() -> session.receiverGone(this));
        });
    }

    @Override
    public boolean write(String frame) {
        if (answered) return false;
        answered = true;
        unwatch.run();
        String body;
        if (callback == null) {
            body = frame + "\n";
        } else {
            StringBuilder js = new StringBuilder("/**/").append(callback).append('(');
            SockJsFrames.quote(frame, js);
            body = js.append(");\r\n").toString();
        }
        exchange.respond(200, "application/javascript; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), headers);
        return false;
    }

    @Override
    public boolean isOpen() {
        return !dropped;
    }

    @Override
    public void end() {
        if (!answered) write(SockJsFrames.close(3000, "Go away!"));
    }
}
