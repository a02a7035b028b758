package io.switchboard.core;

/**
 * Why the server closes a connection. Codes follow Centrifugo: 3000-3499 and 4000-4499 ask the client to
 * reconnect, 3500-3999 and 4500-4999 do not. Protocols map these to their own wire form.
 */
public record Disconnect(int code, String reason) {
    public static final Disconnect CONNECTION_CLOSED = new Disconnect(3000, "connection closed");
    public static final Disconnect SHUTDOWN = new Disconnect(3001, "shutdown");
    public static final Disconnect SERVER_ERROR = new Disconnect(3004, "internal server error");
    public static final Disconnect EXPIRED = new Disconnect(3005, "connection expired");
    public static final Disconnect SUBSCRIPTION_EXPIRED = new Disconnect(3006, "subscription expired");
    public static final Disconnect SLOW = new Disconnect(3008, "slow");
    public static final Disconnect WRITE_ERROR = new Disconnect(3009, "write error");
    public static final Disconnect INSUFFICIENT_STATE = new Disconnect(3010, "insufficient state");
    public static final Disconnect FORCE_RECONNECT = new Disconnect(3011, "force reconnect");
    public static final Disconnect NO_PONG = new Disconnect(3012, "no pong");
    public static final Disconnect INVALID_TOKEN = new Disconnect(3500, "invalid token");
    public static final Disconnect BAD_REQUEST = new Disconnect(3501, "bad request");
    public static final Disconnect STALE = new Disconnect(3502, "stale");
    public static final Disconnect FORCE_NO_RECONNECT = new Disconnect(3503, "force disconnect");
    public static final Disconnect CONNECTION_LIMIT = new Disconnect(3504, "connection limit");
    public static final Disconnect CHANNEL_LIMIT = new Disconnect(3505, "channel limit");
    public static final Disconnect INAPPROPRIATE_PROTOCOL = new Disconnect(3506, "inappropriate protocol");
    public static final Disconnect PERMISSION_DENIED = new Disconnect(3507, "permission denied");
    public static final Disconnect NOT_AVAILABLE = new Disconnect(3508, "not available");
    public static final Disconnect TOO_MANY_ERRORS = new Disconnect(3509, "too many errors");

    public Disconnect {
        reason = reason == null ? "" : reason;
    }

    /** Whether a client should reconnect after this disconnect. */
    public boolean reconnect() {
        return (code >= 3000 && code < 3500) || (code >= 4000 && code < 4500) || code >= 5000 || code < 3000;
    }
}
