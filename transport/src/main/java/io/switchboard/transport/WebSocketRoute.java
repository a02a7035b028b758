package io.switchboard.transport;

import java.util.List;

/**
 * Accepts WebSocket connections on one path. {@link #subprotocols()} are offered in the handshake;
 * {@link #open} is called on the connection's event loop once the handshake is done; the handshake's headers
 * and query are readable from the connection only while it runs.
 */
public interface WebSocketRoute {
    List<String> subprotocols();

    /** Largest client message in bytes; a larger one closes the connection with 1009. */
    int maxMessageSize();

    /** Which browser origins may connect; null allows every origin. */
    OriginPolicy originPolicy();

    WebSocketListener open(WebSocketConnection connection);
}
