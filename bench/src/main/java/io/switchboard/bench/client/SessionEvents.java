package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

/** What a {@link ProtocolSession} reports about its connection. */
public interface SessionEvents {
    /** The subscription is confirmed: publications may follow. */
    void subscribed();

    /** A publication whose payload lies in {@code buf[from, to)}; the bytes are valid only during the call. */
    void publication(ByteBuf buf, int from, int to);

    /** The server refused something or told the client to go; the connection is treated as failed. */
    void failed(String reason);
}
