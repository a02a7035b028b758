package io.switchboard.socketio.engine;

import io.switchboard.transport.OriginPolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which browser origins may use an Engine.IO endpoint, and the CORS headers polling answers carry. With the
 * single pattern {@code *} and no credentials the answer is {@code Access-Control-Allow-Origin: *}, as the
 * Node server's; otherwise the request's origin is echoed when it matches.
 */
final class Cors {
    private final OriginPolicy origins;
    private final boolean wildcard;
    private final boolean credentials;

    Cors(List<String> allowed, boolean credentials) {
        this.origins = new OriginPolicy(allowed);
        this.wildcard = allowed.equals(List.of("*")) && !credentials;
        this.credentials = credentials;
    }

    /** False for a browser whose Origin is not allowed; requests without Origin always pass. */
    boolean allows(String origin) {
        return origins.allows(origin);
    }

    Map<String, String> headers(String origin) {
        Map<String, String> h = new LinkedHashMap<>();
        if (wildcard) {
            h.put("Access-Control-Allow-Origin", "*");
        } else if (origin != null && !origin.isEmpty() && origins.allows(origin)) {
            h.put("Access-Control-Allow-Origin", origin);
            h.put("Vary", "Origin");
            if (credentials) h.put("Access-Control-Allow-Credentials", "true");
        }
        return h;
    }

    Map<String, String> preflightHeaders(String origin, String requestedHeaders) {
        Map<String, String> h = headers(origin);
        h.put("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
        if (requestedHeaders != null && !requestedHeaders.isEmpty()) {
            h.put("Access-Control-Allow-Headers", requestedHeaders);
            h.merge("Vary", "Access-Control-Request-Headers", (a, b) -> a + ", " + b);
        }
        return h;
    }
}
