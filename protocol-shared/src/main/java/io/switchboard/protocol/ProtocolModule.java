package io.switchboard.protocol;

import io.switchboard.core.Node;
import io.switchboard.transport.Router;

/**
 * One client protocol as the server assembles it: it registers its routes on the server's one HTTP port and
 * ends its connections on shutdown. Every module of a server shares the node and the client access, so a
 * publication from any of them reaches the subscribers of all, under the same channel verdicts.
 */
public interface ProtocolModule {
    /** A short name for logs: "centrifugo", "socketio". */
    String name();

    /** Registers the protocol's endpoints. */
    void register(Router router);

    /** Ends the protocol's connections (the server is shutting down); the node is still running. */
    default void close() {
    }

    /** How an embedding application adds a protocol: built once the server's node and client access exist. */
    @FunctionalInterface
    interface Factory {
        ProtocolModule create(Node node, ClientAccess access);
    }
}
