package io.switchboard.pusher;

import java.time.Duration;
import java.util.List;

/**
 * The Pusher protocol of one server: its apps, the activity timeout announced in {@code connection_established}
 * (the client pings after that much silence), how long a server ping waits for its pong, the browser origins
 * allowed (empty: all) and the largest client message.
 */
public record PusherSettings(List<PusherApp> apps, Duration activityTimeout, Duration pongTimeout,
                             List<String> allowedOrigins, int maxMessageBytes) {
    public PusherSettings {
        apps = List.copyOf(apps);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (activityTimeout.toSeconds() < 1) throw new IllegalArgumentException("activity_timeout must be at least 1s");
    }

    /** Soketi's timing (activity timeout 30 s) and Pusher's 30 s pong wait. */
    public static PusherSettings of(List<PusherApp> apps) {
        return new PusherSettings(apps, Duration.ofSeconds(30), Duration.ofSeconds(30), List.of(), 100 * 1024);
    }
}
