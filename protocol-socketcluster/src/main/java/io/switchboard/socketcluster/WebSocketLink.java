package io.switchboard.socketcluster;

import io.netty.buffer.Unpooled;
import io.switchboard.transport.SharedFrame;
import io.switchboard.transport.WebSocketConnection;

import java.nio.charset.StandardCharsets;

final class WebSocketLink implements ConnectionLink {
    private final WebSocketConnection ws;

    WebSocketLink(WebSocketConnection ws) {
        this.ws = ws;
    }

    @Override
    public void frame(String text) {
        ws.sendFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)), false);
    }

    @Override
    public void frame(SharedFrame frame) {
        ws.sendShared(frame);
    }

    @Override
    public void flush() {
        ws.flush();
    }

    @Override
    public void close(int code) {
        ws.close(code, "");
    }

    @Override
    public long unsent() {
        return ws.pendingOutboundBytes();
    }

    @Override
    public String header(String name) {
        return ws.header(name);
    }

    @Override
    public String peer() {
        return ws.remoteAddress();
    }
}
