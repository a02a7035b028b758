package io.switchboard.bench.client;

/**
 * One client protocol as the generator needs it: where its WebSocket endpoint lives and how one connection
 * subscribes and stays alive. Adding a protocol (Socket.IO, Pusher, SocketCluster) is one implementation,
 * registered in {@link Protocols}.
 */
public interface Protocol {
    /** The name given to {@code --protocol}. */
    String name();

    /** Path and query of the WebSocket endpoint on the target, such as {@code /connection/websocket}. */
    String path();

    /**
     * Whether the server confirms each subscription. Without a confirmation a subscription counts once sent, and
     * a scenario gives the server a moment to act on the last ones before it publishes.
     */
    default boolean confirmsSubscriptions() {
        return true;
    }

    /** State for one connection that will subscribe to {@code channel}. */
    ProtocolSession newSession(String channel);

    /** How a connection of this protocol publishes by itself ({@code --publish-api client}), or null if it cannot. */
    default ClientPublishing publishing() {
        return null;
    }
}
