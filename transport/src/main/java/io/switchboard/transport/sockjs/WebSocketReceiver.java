package io.switchboard.transport.sockjs;

import io.netty.buffer.ByteBuf;
import io.switchboard.transport.WebSocketConnection;

import java.nio.charset.StandardCharsets;

/** The framed WebSocket transport: one text frame per SockJS frame, for as long as the connection lives. */
final class WebSocketReceiver implements Receiver {
    private final WebSocketConnection conn;

    WebSocketReceiver(WebSocketConnection conn) {
        this.conn = conn;
    }

    @Override
    public boolean write(String frame) {
        if (!conn.isOpen()) return true; // its close reaches the session through the listener
        ByteBuf buf = conn.alloc().buffer(frame.length() + 8);
        buf.writeCharSequence(frame, StandardCharsets.UTF_8);
        conn.sendFrame(buf, false);
        conn.flush();
        return true;
    }

    @Override
    public boolean isOpen() {
        return conn.isOpen();
    }

    @Override
    public void end() {
        conn.close(1000, "Normal closure");
    }

    @Override
    public long pendingBytes() {
        return conn.pendingOutboundBytes();
    }
}
