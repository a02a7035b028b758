package io.switchboard.pusher;

import io.switchboard.transport.SharedFrame;

/** How a Pusher connection writes: a WebSocket in production ({@link WebSocketLink}), a recorder in state-machine tests. */
interface ConnectionLink {
    void send(String text);

    void send(SharedFrame frame);

    /** Sends what this turn gathered. */
    void flush();

    void close(int code, String reason);

    /** Bytes written but not yet taken by the peer. */
    long unsent();
}
