package io.switchboard.transport;

import io.netty.buffer.ByteBuf;

/** Receives one connection's messages on its event loop. Buffers are released by the caller after return. */
public interface WebSocketListener {
    void onText(ByteBuf message);

    void onBinary(ByteBuf message);

    /** The connection is gone, whoever closed it; called exactly once. */
    void onClose();

    /** All messages of the current read are handled: the moment to flush gathered replies. */
    default void onReadComplete() {
    }

    /** A pong control frame arrived: the peer is alive (mobile SDKs answer pings this way). */
    default void onPong() {
    }
}
