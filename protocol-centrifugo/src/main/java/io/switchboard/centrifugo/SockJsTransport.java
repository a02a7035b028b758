package io.switchboard.centrifugo;

import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.sockjs.SockJsSession;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A v1 client over SockJS, as centrifuge-js 2.x speaks it: the JSON messages of one turn joined by newlines into
 * one SockJS message; a disconnect is SockJS's close frame with the code and the v1 JSON advice as its reason. No
 * transport ping: SockJS's heartbeat frames keep the line and the client pings.
 */
final class SockJsTransport implements ClientTransport {
    private final SockJsSession session;
    private final EventLoop loop;
    private final ByteArrayOutputStream turn = new ByteArrayOutputStream();

    SockJsTransport(SockJsSession session, EventLoop loop) {
        this.session = session;
        this.loop = loop;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void write(byte[] message) {
        if (turn.size() > 0) turn.write('\n');
        turn.writeBytes(message);
    }

    @Override
    public void flush() {
        if (turn.size() > 0) {
            session.send(turn.toString(StandardCharsets.UTF_8));
            turn.reset();
        }
        session.flush();
    }

    @Override
    public long pendingOutboundBytes() {
        return session.pendingBytes();
    }

    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        if (turn.size() > 0) {
            session.send(turn.toString(StandardCharsets.UTF_8));
            turn.reset();
        }
        session.close(disconnect.code(), disconnect.reason());
    }

    @Override
    public void abort() {
        turn.reset();
        session.close(1002, "Connection interrupted");
    }

    @Override
    public String remoteAddress() {
        return session.remoteAddress();
    }

    @Override
    public boolean bidirectional() {
        return true;
    }

    @Override
    public boolean emulated() {
        return false;
    }
}
