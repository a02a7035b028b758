package io.switchboard.centrifugo;

import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.SharedFrame;

/**
 * How a connection's messages leave: over a WebSocket (several per frame), an HTTP stream (newline-
 * delimited or length-prefixed) or Server-Sent Events (one event per message). Event loop only.
 */
interface ClientTransport {
    EventLoop eventLoop();

    /** Adds one encoded message to what this turn sends. */
    void write(byte[] message);

    /**
     * Adds a message encoded once for many connections (a publication): a WebSocket writes it as its own frame
     * from the shared bytes; other transports add its payload like any message.
     */
    default void writeShared(SharedFrame message) {
        write(message.payload());
    }

    /**
     * A transport-level keepalive (a WebSocket ping frame), for clients whose protocol has no server ping (v1);
     * true when a pong will answer it. SockJS has none: its heartbeat frames keep the line, the client pings.
     */
    default boolean ping() {
        return false;
    }

    /** Sends what this turn gathered. */
    void flush();

    /** Bytes written but not yet taken by the kernel. */
    long pendingOutboundBytes();

    /** Ends the connection telling the client why (a close frame, or a disconnect push then the end). */
    void close(Disconnect disconnect, byte[] disconnectPush);

    /** Drops the connection without a goodbye. */
    void abort();

    String remoteAddress();

    /** A header of the request that opened the connection (a WebSocket's upgrade), or null. */
    default String header(String name) {
        return null;
    }

    /** Whether the client may reply to pings (bidirectional transports). */
    boolean bidirectional();

    /** Whether the client reaches its session through separate requests (needs session and node ids). */
    boolean emulated();
}
