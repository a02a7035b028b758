package io.switchboard.server.config;

import io.switchboard.socketio.SocketIoOptions;

import java.util.List;

/** Socket.IO as the standalone server runs it: the options, the path it is served on and its namespaces. */
public record SocketIoConfig(SocketIoOptions options, String path, List<String> namespaces) {
    public SocketIoConfig {
        namespaces = List.copyOf(namespaces);
    }
}
