package io.switchboard.pusher.webhook;

import io.switchboard.pusher.PusherApp;

/** Where the protocol hands webhook events: never blocks, never throws (called on event loops). */
public interface WebhookSink extends AutoCloseable {
    WebhookSink NONE = new WebhookSink() {
        @Override
        public void emit(PusherApp app, WebhookEvent event) {
        }

        @Override
        public void close() {
        }
    };

    void emit(PusherApp app, WebhookEvent event);

    @Override
    void close();
}
