package io.switchboard.pusher;

import io.netty.buffer.Unpooled;
import io.switchboard.transport.SharedFrame;
import io.switchboard.transport.WebSocketConnection;

import java.nio.charset.StandardCharsets;

/** One text frame per message (Pusher frames one JSON object each), flushed once per turn. */
final class WebSocketLink implements ConnectionLink {
    private final WebSocketConnection ws;

    WebSocketLink(WebSocketConnection ws) {
        this.ws = ws;
    }

    @Override
    public void send(String text) {
        ws.sendFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)), false);
    }

    @Override
    public void send(SharedFrame frame) {
        ws.sendShared(frame);
    }

    @Override
    public void flush() {
        ws.flush();
    }

    @Override
    public void close(int code, String reason) {
        ws.close(code, reason);
    }

    @Override
    public long unsent() {
        return ws.pendingOutboundBytes();
    }
}
