package io.switchboard.socketio.engine;

import io.switchboard.socketio.engine.internal.SharedText;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.switchboard.socketio.engine.internal.codec.Packet;
import io.switchboard.socketio.engine.internal.codec.PacketCodec;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.protocol.WebSocketEndpoint;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket of a session, either its transport or a probe being upgraded to. Input is copied off the
 * connection's buffers and handed to the session's event loop; output is one frame per packet, written on
 * the connection's loop and flushed once per turn.
 */
final class WebSocketTransport implements WebSocketEndpoint.Messages {
    private final WebSocketConnection conn;
    private final int protocol;
    private volatile EngineIoSocket session;

    WebSocketTransport(WebSocketConnection conn, int protocol) {
        this.conn = conn;
        this.protocol = protocol;
    }

    void bind(EngineIoSocket s) {
        this.session = s;
    }

    WebSocketConnection connection() {
        return conn;
    }

    @Override
    public void text(byte[] message) {
        EngineIoSocket s = session;
        if (s == null) return;
        String text = new String(message, StandardCharsets.UTF_8);
        s.execute(() -> s.onWebSocketText(this, text));
    }

    @Override
    public void binary(byte[] message) {
        EngineIoSocket s = session;
        if (s == null) return;
        s.execute(() -> s.onWebSocketBinary(this, message));
    }

    @Override
    public void closed() {
        EngineIoSocket s = session;
        if (s != null) s.execute(() -> s.onWebSocketClosed(this));
    }

    /** Queues one packet as a frame; call on the connection's event loop. */
    void write(Object item) {
        if (item instanceof SharedText shared) {
            conn.sendShared(shared.frame());
        } else {
            Packet p = (Packet) item;
            if (p.isBinary()) {
                conn.sendFrame(Unpooled.wrappedBuffer(PacketCodec.encodeBinary(p.binary(), protocol)), true);
            } else {
                conn.sendFrame(ByteBufUtil.writeUtf8(conn.alloc(), PacketCodec.encodeText(p)), false);
            }
        }
    }

    void flush() {
        conn.flush();
    }

    /** Sends one packet now from any thread (the probe's answer, written before the session moves here). */
    void sendNow(Packet p) {
        if (conn.eventLoop().inEventLoop()) {
            write(p);
            flush();
        } else {
            conn.eventLoop().execute(() -> sendNow(p));
        }
    }

    boolean inEventLoop() {
        return conn.eventLoop().inEventLoop();
    }

    long pendingOutboundBytes() {
        return conn.pendingOutboundBytes();
    }

    void close() {
        conn.close(1000, "");
    }
}
