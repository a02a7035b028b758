package io.switchboard.socketio.engine;

import java.time.Duration;
import java.util.List;

/**
 * Settings of one Engine.IO endpoint, with the Node server's defaults. {@code maxHttpBufferSize} bounds every
 * message a client sends (a polling POST body or a WebSocket frame) and is announced as {@code maxPayload};
 * {@code maxBufferedBytes} bounds what waits for a slow client before it is closed. {@code allowedOrigins}
 * decides CORS and which browser origins may connect ({@code *} wildcards; an empty list refuses browsers).
 */
public record EngineIoOptions(
        Duration pingInterval,
        Duration pingTimeout,
        Duration upgradeTimeout,
        int maxHttpBufferSize,
        long maxBufferedBytes,
        boolean polling,
        boolean websocket,
        boolean allowEio3,
        List<String> allowedOrigins,
        boolean corsCredentials,
        String cookie) {

    public EngineIoOptions {
        if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("ping_interval must be > 0");
        if (pingTimeout.isNegative() || pingTimeout.isZero()) throw new IllegalArgumentException("ping_timeout must be > 0");
        if (maxHttpBufferSize <= 0) throw new IllegalArgumentException("max_http_buffer_size must be > 0");
        if (!polling && !websocket) throw new IllegalArgumentException("transports must name polling, websocket or both");
        allowedOrigins = List.copyOf(allowedOrigins);
        cookie = cookie == null ? "" : cookie;
    }

    /** The Node server's defaults, with EIO=3 clients accepted and every origin allowed. */
    public static EngineIoOptions defaults() {
        return new EngineIoOptions(Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(10),
                1_000_000, 8L << 20, true, true, true, List.of("*"), false, "");
    }

    public EngineIoOptions withPing(Duration interval, Duration timeout) {
        return new EngineIoOptions(interval, timeout, upgradeTimeout, maxHttpBufferSize, maxBufferedBytes, polling,
                websocket, allowEio3, allowedOrigins, corsCredentials, cookie);
    }

    public EngineIoOptions withUpgradeTimeout(Duration v) {
        return new EngineIoOptions(pingInterval, pingTimeout, v, maxHttpBufferSize, maxBufferedBytes, polling,
                websocket, allowEio3, allowedOrigins, corsCredentials, cookie);
    }

    public EngineIoOptions withMaxHttpBufferSize(int v) {
        return new EngineIoOptions(pingInterval, pingTimeout, upgradeTimeout, v, maxBufferedBytes, polling,
                websocket, allowEio3, allowedOrigins, corsCredentials, cookie);
    }

    public EngineIoOptions withMaxBufferedBytes(long v) {
        return new EngineIoOptions(pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, v, polling,
                websocket, allowEio3, allowedOrigins, corsCredentials, cookie);
    }

    public EngineIoOptions withTransports(boolean pollingOn, boolean websocketOn) {
        return new EngineIoOptions(pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, maxBufferedBytes,
                pollingOn, websocketOn, allowEio3, allowedOrigins, corsCredentials, cookie);
    }

    public EngineIoOptions withAllowEio3(boolean v) {
        return new EngineIoOptions(pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, maxBufferedBytes,
                polling, websocket, v, allowedOrigins, corsCredentials, cookie);
    }

    public EngineIoOptions withCors(List<String> origins, boolean credentials) {
        return new EngineIoOptions(pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, maxBufferedBytes,
                polling, websocket, allowEio3, origins, credentials, cookie);
    }

    /** Sets a session cookie of this name on the handshake (for load-balancer stickiness); "" for none. */
    public EngineIoOptions withCookie(String name) {
        return new EngineIoOptions(pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, maxBufferedBytes,
                polling, websocket, allowEio3, allowedOrigins, corsCredentials, name);
    }
}
