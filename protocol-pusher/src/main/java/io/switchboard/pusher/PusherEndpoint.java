package io.switchboard.pusher;

import io.switchboard.transport.HttpExchange;

/** Opens Pusher and Broadcastt WebSocket connections (placeholder: being built). */
final class PusherEndpoint {
    private PusherEndpoint() {
    }

    static void open(Pusher pusher, HttpExchange exchange) {
        exchange.respond(404, "text/plain", "not found");
    }
}
