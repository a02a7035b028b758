package io.switchboard.transport;

import java.util.List;
import java.util.function.Function;

/** A WebSocket route for transport tests: no subprotocols, 64 KiB messages, the given origins and listener. */
final class TestRoute {
    private TestRoute() {
    }

    static WebSocketRoute of(OriginPolicy origins, Function<WebSocketConnection, WebSocketListener> open) {
        return new WebSocketRoute() {
            @Override
            public List<String> subprotocols() {
                return List.of();
            }

            @Override
            public int maxMessageSize() {
                return 65536;
            }

            @Override
            public OriginPolicy originPolicy() {
                return origins;
            }

            @Override
            public WebSocketListener open(WebSocketConnection connection) {
                return open.apply(connection);
            }
        };
    }
}
