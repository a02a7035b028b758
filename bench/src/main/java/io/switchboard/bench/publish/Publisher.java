package io.switchboard.bench.publish;

import io.netty.buffer.ByteBuf;

/** Where published messages go: the server API, or a client connection of the protocol. */
public interface Publisher extends AutoCloseable {
    /**
     * Publishes {@code data} (released by the publisher) on {@code channel}. {@code done} is told once, on the
     * publisher's event loop, whether the server accepted it.
     */
    void publish(String channel, ByteBuf data, Outcome done);

    /** Publishes not yet answered. */
    long inFlight();

    @Override
    void close();

    /** The server's answer to one publish. */
    interface Outcome {
        void accepted(boolean ok, String error);
    }
}
