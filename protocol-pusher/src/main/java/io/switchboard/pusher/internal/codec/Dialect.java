package io.switchboard.pusher.internal.codec;

/**
 * The two spellings of one protocol: Pusher's {@code pusher:}/{@code pusher_internal:} events, and Broadcastt's
 * {@code broadcastt:}/{@code broadcastt_internal:} ones, whose clients JSON-parse the {@code data} of every frame,
 * so that every frame to them carries {@code data} as a string holding JSON.
 */
public enum Dialect {
    PUSHER("pusher:", "pusher_internal:", false),
    BROADCASTT("broadcastt:", "broadcastt_internal:", true);

    private final String prefix;
    private final String internalPrefix;
    private final boolean stringData;

    Dialect(String prefix, String internalPrefix, boolean stringData) {
        this.prefix = prefix;
        this.internalPrefix = internalPrefix;
        this.stringData = stringData;
    }

    public String event(String name) {
        return prefix + name;
    }

    public String internal(String name) {
        return internalPrefix + name;
    }

    /** The name of a protocol event without this dialect's prefix, or null when it is not one. */
    public String protocolEvent(String event) {
        return event.startsWith(prefix) ? event.substring(prefix.length()) : null;
    }

    /** Whether every frame's data must be a string holding JSON (Broadcastt). */
    public boolean stringData() {
        return stringData;
    }
}
