package io.switchboard.transport.sockjs;

import io.switchboard.transport.HttpStream;

import java.nio.charset.StandardCharsets;

/**
 * A streaming request (xhr_streaming, eventsource, htmlfile): a prelude, then frames in the transport's framing,
 * until {@code limit} bytes of frames went out; then the response ends and the client opens the next one, so the
 * browser can let go of what it received.
 */
final class StreamReceiver implements Receiver {
    enum Framing { XHR, EVENTSOURCE, HTMLFILE }

    private static final String XHR_PRELUDE = "h".repeat(2048) + "\n";

    private final HttpStream stream;
    private final Framing framing;
    private final long limit;
    private long sent;
    private boolean ended;
    private volatile boolean dropped;

    StreamReceiver(HttpStream stream, Framing framing, long limit, String callback) {
        this.stream = stream;
        this.framing = framing;
        this.limit = limit;
        out(switch (framing) {
            case XHR -> XHR_PRELUDE;
            case EVENTSOURCE -> "\r\n";
            case HTMLFILE -> htmlfilePrelude(callback);
        });
    }

    /** Tells the session when the client drops the stream; our own end is not a drop. */
    void watch(SockJsSession session) {
        stream.onClose(() -> {
            dropped = true;
            session.loop().execute(() -> session.receiverGone(this));
        });
    }

    @Override
    public boolean write(String frame) {
        if (ended) return false;
        String framed = switch (framing) {
            case XHR -> frame + "\n";
            case EVENTSOURCE -> "data: " + frame + "\r\n\r\n";
            case HTMLFILE -> {
                StringBuilder s = new StringBuilder("<script>\np(");
                SockJsFrames.quote(frame, s);
                yield s.append(");\n</script>\r\n").toString();
            }
        };
        sent += out(framed);
        if (sent < limit) return true;
        end();
        return false;
    }

    @Override
    public boolean isOpen() {
        return !dropped && !ended;
    }

    @Override
    public void end() {
        if (ended) return;
        ended = true;
        stream.eventLoop().execute(stream::end); // after the writes already queued there
    }

    @Override
    public long pendingBytes() {
        return stream.pendingOutboundBytes();
    }

    /** Writes on the stream's own loop (the session may live on another). */
    private int out(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.eventLoop().execute(() -> {
            if (!stream.isOpen()) return;
            stream.buffer().writeBytes(bytes);
            stream.flush();
        });
        return bytes.length;
    }

    static String htmlfilePrelude(String callback) {
        String head = """
                <!doctype html>
                <html><head>
                  <meta http-equiv="X-UA-Compatible" content="IE=edge" />
                  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
                </head><body><h2>Don't panic!</h2>
                  <script>
                    document.domain = document.domain;
                    var c = parent.%s;
                    c.start();
                    function p(d) {c.message(d);};
                    window.onload = function() {c.stop();};
                  </script>
                """.formatted(callback);
        // old browsers render nothing of a streamed page before its first kilobyte
        return head + " ".repeat(Math.max(0, 1025 - head.length())) + "\r\n\r\n";
    }
}
