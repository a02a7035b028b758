package io.switchboard.socketio.engine.internal;

import io.switchboard.transport.SharedFrame;

import java.nio.charset.StandardCharsets;

/**
 * A text message encoded once for many sessions: the message text (for long-polling payloads) and the
 * WebSocket frame of the Engine.IO message packet ({@code 4} and the text), which every WebSocket session
 * writes from the same bytes.
 */
public final class SharedText {
    private final String text;
    private final SharedFrame frame;

    public SharedText(String text) {
        this.text = text;
        this.frame = new SharedFrame(("4" + text).getBytes(StandardCharsets.UTF_8), false);
    }

    public String text() {
        return text;
    }

    public SharedFrame frame() {
        return frame;
    }
}
