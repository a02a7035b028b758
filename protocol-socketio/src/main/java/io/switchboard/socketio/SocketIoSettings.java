package io.switchboard.socketio;

import java.util.List;

/** Socket.IO as a config file sets it up: the options, the path it is served on and the namespaces it opens. */
public record SocketIoSettings(SocketIoOptions options, String path, List<String> namespaces) {
    public SocketIoSettings {
        namespaces = List.copyOf(namespaces);
    }
}
