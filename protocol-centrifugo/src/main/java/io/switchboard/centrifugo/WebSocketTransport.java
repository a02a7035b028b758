package io.switchboard.centrifugo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.SharedFrame;
import io.switchboard.transport.WebSocketConnection;

/**
 * A client over a WebSocket. JSON messages of one turn are joined by newlines into one text frame,
 * Protobuf messages (already length-prefixed) are concatenated into one binary frame; a publication is a frame
 * of its own, written from bytes shared by every subscriber; a disconnect is a close frame with the code and
 * reason.
 */
final class WebSocketTransport implements ClientTransport {
    private static final int FLUSH_AT = 64 * 1024;
    private final WebSocketConnection conn;
    private final boolean binary;
    private final boolean bidirectional;

    WebSocketTransport(WebSocketConnection conn, boolean binary, boolean bidirectional) {
        this.conn = conn;
        this.binary = binary;
        this.bidirectional = bidirectional;
        conn.binaryFrames(binary);
    }

    @Override
    public EventLoop eventLoop() {
        return conn.eventLoop();
    }

    @Override
    public void write(byte[] message) {
        ByteBuf buf = conn.buffer();
        if (!binary && buf.isReadable()) buf.writeByte('\n');
        buf.writeBytes(message);
        if (buf.readableBytes() >= FLUSH_AT) conn.flush();
    }

    @Override
    public void writeShared(SharedFrame message) {
        conn.sendShared(message);
    }

    @Override
    public boolean ping() {
        conn.ping();
        return true;
    }

    @Override
    public void flush() {
        conn.flush();
    }

    @Override
    public long pendingOutboundBytes() {
        return conn.pendingOutboundBytes();
    }

    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        conn.close(disconnect.code(), disconnect.reason());
    }

    @Override
    public void abort() {
        conn.abort();
    }

    @Override
    public String header(String name) {
        return conn.header(name);
    }

    @Override
    public String remoteAddress() {
        return conn.remoteAddress();
    }

    @Override
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public boolean emulated() {
        return false;
    }
}
