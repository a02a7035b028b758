package io.switchboard.socketio;

import io.switchboard.socketio.engine.internal.PackedStringMap;

import java.util.Map;

/**
 * What the client sent when it connected to a namespace: the {@code auth} payload (for 2.x clients, the
 * namespace's query string), the Engine.IO handshake's headers (lower-case names) and query, the peer's
 * address, when it arrived and its URL.
 */
public record Handshake(Map<String, Object> auth, Map<String, String> headers, Map<String, String> query,
                        String address, long issued, String url) {
    public Handshake {
        auth = auth.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(auth));
        headers = PackedStringMap.of(headers); // the engine's maps, already packed, are kept as they are
        query = PackedStringMap.of(query);
    }

    /** Whether the request came from another origin (a browser sent an Origin header). */
    public boolean xdomain() {
        return headers.containsKey("origin");
    }
}
