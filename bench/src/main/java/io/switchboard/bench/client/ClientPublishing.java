package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * How one connection of a protocol publishes by itself, without the server API: its connect (or handshake) as
 * command 1, then one publish command per message, each answered by its id. Stateless; one per protocol.
 */
public interface ClientPublishing {
    /** The first frame once the WebSocket is open: the protocol's connect or handshake, as command 1. */
    WebSocketFrame hello();

    /** A publish of {@code data} (a JSON object, released here) on {@code channel} as command {@code id}. */
    WebSocketFrame publish(long id, String channel, ByteBuf data);

    /** One inbound frame: answers pings on {@code ch} and tells {@code replies} what was answered. */
    void onFrame(WebSocketFrame frame, Channel ch, Replies replies);

    /** What a publisher connection hears. */
    interface Replies {
        /** Command 1 was accepted: publishing may start. */
        void ready();

        /** Command {@code id} was answered: accepted when {@code error} is null. */
        void answered(long id, String error);

        /** The connection cannot go on (refused connect, disconnect, a frame it cannot read). */
        void failed(String reason);
    }
}
