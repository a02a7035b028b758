package io.switchboard.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CORS answers of every HTTP endpoint a browser calls across origins (Engine.IO polling, Centrifugo's
 * HTTP-streaming and SSE emulation): which origins pass ({@link OriginPolicy}) and the headers each answer carries.
 * With the single pattern {@code *} and no credentials the answer is {@code Access-Control-Allow-Origin: *};
 * otherwise the request's origin is echoed when it passes, with {@code Vary: Origin}.
 */
public final class CorsPolicy {
    private static final String ANY_METHOD = "GET,HEAD,PUT,PATCH,POST,DELETE";

    private final OriginPolicy origins;
    private final boolean wildcard;
    private final boolean credentials;
    private final String methods;
    private final String allowedHeaders;

    private CorsPolicy(List<String> allowed, boolean credentials, String methods, String allowedHeaders) {
        this.origins = new OriginPolicy(allowed);
        this.wildcard = allowed.equals(List.of("*")) && !credentials;
        this.credentials = credentials;
        this.methods = methods;
        this.allowedHeaders = allowedHeaders;
    }

    /** As the Node Engine.IO server's {@code cors} option: preflights allow any method and the headers asked for. */
    public static CorsPolicy of(List<String> allowed, boolean credentials) {
        return new CorsPolicy(allowed, credentials, null, null);
    }

    /** With credentials, and these methods and headers stated on every answer to an allowed origin. */
    public static CorsPolicy stating(List<String> allowed, String methods, String allowedHeaders) {
        return new CorsPolicy(allowed, true, methods, allowedHeaders);
    }

    /** False for a browser whose Origin is not allowed; requests without Origin always pass. */
    public boolean allows(String origin) {
        return origins.allows(origin);
    }

    /** The headers of an answer to {@code origin}: none for a request without Origin or a refused one. */
    public Map<String, String> headers(String origin) {
        Map<String, String> h = new LinkedHashMap<>();
        if (wildcard) {
            h.put("Access-Control-Allow-Origin", "*");
        } else if (origin != null && !origin.isEmpty() && origins.allows(origin)) {
            h.put("Access-Control-Allow-Origin", origin);
            h.put("Vary", "Origin");
            if (credentials) h.put("Access-Control-Allow-Credentials", "true");
            if (methods != null) {
                h.put("Access-Control-Allow-Methods", methods);
                h.put("Access-Control-Allow-Headers", allowedHeaders);
            }
        }
        return h;
    }

    /** The headers of an answer to an OPTIONS preflight. */
    public Map<String, String> preflightHeaders(String origin, String requestedHeaders) {
        Map<String, String> h = headers(origin);
        if (methods != null) return h;
        h.put("Access-Control-Allow-Methods", ANY_METHOD);
        if (requestedHeaders != null && !requestedHeaders.isEmpty()) {
            h.put("Access-Control-Allow-Headers", requestedHeaders);
            h.merge("Vary", "Access-Control-Request-Headers", (a, b) -> a + ", " + b);
        }
        return h;
    }
}
