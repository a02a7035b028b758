package io.switchboard.server.config;

import io.switchboard.transport.ConnectionLimits;

/**
 * {@code http_server.*}: where the one HTTP port listens (port 0 picks a free port) and its limits at the door.
 * The gRPC listeners use the address and port only.
 */
public record HttpServerConfig(String address, int port, ConnectionLimits limits) {
    /** With the default limits. */
    public HttpServerConfig(String address, int port) {
        this(address, port, ConnectionLimits.defaults());
    }
}
