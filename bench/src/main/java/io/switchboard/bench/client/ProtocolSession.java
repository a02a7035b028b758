package io.switchboard.bench.client;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** One connection's protocol state, touched only by the connection's event loop. */
public interface ProtocolSession {
    /** Called once the WebSocket handshake completes: send whatever connects and subscribes. */
    void start(Channel channel);

    /**
     * One inbound data frame (text or binary, already reassembled). Answers pings on {@code channel} and reports
     * what it found to {@code events}. The frame is released by the caller.
     */
    void onFrame(WebSocketFrame frame, Channel channel, SessionEvents events);
}
