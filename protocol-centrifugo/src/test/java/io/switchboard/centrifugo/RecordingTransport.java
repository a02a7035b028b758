package io.switchboard.centrifugo;

import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A transport that records what leaves, frame by frame, and how the connection ended. */
final class RecordingTransport implements ClientTransport {
    private final EventLoop loop;
    private final List<String> turn = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    long unsent;
    /** WebSocket ping frames sent (v1 keepalive). */
    int transportPings;
    /** Whether the transport's pings are answered by pongs (WebSocket), or not sent at all (SockJS). */
    boolean pongs = true;
    Disconnect closed;
    boolean aborted;

    RecordingTransport(EventLoop loop) {
        this.loop = loop;
    }

    /** The messages flushed since the last call. */
    List<String> take() {
        List<String> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    /** Whether a server ping was flushed since the last take; takes the pings, keeps the rest. */
    boolean pings() {
        return sent.removeIf("{}"::equals);
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void write(byte[] message) {
        turn.add(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public boolean ping() {
        if (pongs) transportPings++;
        return pongs;
    }

    @Override
    public void flush() {
        sent.addAll(turn);
        turn.clear();
    }

    @Override
    public long pendingOutboundBytes() {
        return unsent;
    }

    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        assertThat(closed).as("closed once").isNull();
        closed = disconnect;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public String remoteAddress() {
        return "embedded";
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
