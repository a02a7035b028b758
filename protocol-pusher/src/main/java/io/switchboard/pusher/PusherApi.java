package io.switchboard.pusher;

import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;

/** Pusher's signed HTTP API under {@code /apps/{id}/} (placeholder: being built). */
final class PusherApi implements HttpRoute {
    private final Pusher pusher;

    PusherApi(Pusher pusher) {
        this.pusher = pusher;
    }

    @Override
    public void handle(HttpExchange exchange) {
        exchange.respond(404, "application/json", "{\"error\":\"not found\"}");
    }
}
