package io.switchboard.server.config;

/** {@code http_server.*}: where the one HTTP port listens. Port 0 picks a free port. */
public record HttpServerConfig(String address, int port) {
}
