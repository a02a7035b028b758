package io.switchboard.socketio.engine;

import io.switchboard.socketio.engine.internal.PackedStringMap;
import java.util.Map;

/**
 * The handshake request of an Engine.IO session as handlers see it: its URL, headers (lower-case names),
 * query parameters, the peer's address and when it arrived (unix milliseconds).
 */
public record EngineIoRequest(String url, Map<String, String> headers, Map<String, String> query, String remoteAddress,
                              long issuedAt) {
    public EngineIoRequest {
        headers = PackedStringMap.of(headers); // kept for the session's life: packed, not an object an entry
        query = PackedStringMap.of(query);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
