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

    /** State for one connection that will subscribe to {@code channel}. */
    ProtocolSession newSession(String channel);
}
