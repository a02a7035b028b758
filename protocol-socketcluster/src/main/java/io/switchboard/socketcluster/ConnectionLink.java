package io.switchboard.socketcluster;

import io.switchboard.transport.SharedFrame;

/** How a SocketCluster connection writes whole frames: a WebSocket in production, a recorder in state-machine tests. */
interface ConnectionLink {
    void frame(String text);

    void frame(SharedFrame frame);

    /** Sends the frames of this turn. */
    void flush();

    /** A close frame without reason text, as socketcluster-server sends it (the client knows the code's text). */
    void close(int code);

    /** Bytes written but not yet taken by the peer. */
    long unsent();

    /** A header of the upgrade request, or null. */
    default String header(String name) {
        return null;
    }

    /** The peer's address, for logs. */
    default String peer() {
        return "?";
    }
}
