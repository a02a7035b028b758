package io.switchboard.socketio.engine;

import java.nio.charset.StandardCharsets;

/**
 * A text message encoded once for many sessions: the message text (for long-polling payloads) and the
 * complete UTF-8 WebSocket frame with its type digit, which every WebSocket session writes as is.
 */
public final class SharedText {
    private final String text;
    private final byte[] frame;

    public SharedText(String text) {
        this.text = text;
        this.frame = ("4" + text).getBytes(StandardCharsets.UTF_8);
    }

    public String text() {
        return text;
    }

    byte[] frame() {
        return frame;
    }
}
