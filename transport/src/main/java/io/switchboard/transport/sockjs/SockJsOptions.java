package io.switchboard.transport.sockjs;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * A SockJS service's settings.
 *
 * @param heartbeat       how often a held receiver hears {@code h} (SockJS's 25 s; zero for none)
 * @param disconnectDelay how long a session waits for its next receiving request (SockJS's 5 s)
 * @param responseLimit   bytes a streaming response carries before it ends and the client opens another (128 KiB)
 * @param clientScriptUrl the SockJS client script the iframe page loads
 * @param maxMessageSize  the largest WebSocket message taken
 */
public record SockJsOptions(Duration heartbeat, Duration disconnectDelay, long responseLimit, String clientScriptUrl,
                            IntSupplier maxMessageSize) {
    public static final String DEFAULT_CLIENT_SCRIPT = "https://cdn.jsdelivr.net/npm/sockjs-client@1/dist/sockjs.min.js";

    public static SockJsOptions defaults() {
        return new SockJsOptions(Duration.ofSeconds(25), Duration.ofSeconds(5), 128 * 1024, DEFAULT_CLIENT_SCRIPT,
                () -> 65536);
    }

    public SockJsOptions withHeartbeat(Duration v) {
        return new SockJsOptions(v, disconnectDelay, responseLimit, clientScriptUrl, maxMessageSize);
    }

    public SockJsOptions withDisconnectDelay(Duration v) {
        return new SockJsOptions(heartbeat, v, responseLimit, clientScriptUrl, maxMessageSize);
    }

    public SockJsOptions withResponseLimit(long v) {
        return new SockJsOptions(heartbeat, disconnectDelay, v, clientScriptUrl, maxMessageSize);
    }

    public SockJsOptions withClientScriptUrl(String v) {
        return new SockJsOptions(heartbeat, disconnectDelay, responseLimit, v, maxMessageSize);
    }

    public SockJsOptions withMaxMessageSize(IntSupplier v) {
        return new SockJsOptions(heartbeat, disconnectDelay, responseLimit, clientScriptUrl, v);
    }
}
