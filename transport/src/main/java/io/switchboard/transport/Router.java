package io.switchboard.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps request paths to routes: exact paths first, then the longest matching prefix. */
public final class Router {
    private final Map<String, Object> exact = new LinkedHashMap<>();
    private final Map<String, HttpRoute> prefixes = new LinkedHashMap<>();

    /** A path with or without its trailing slash: both forms reach the route. */
    public Router http(String path, HttpRoute route) {
        exact.put(withoutTrailingSlash(path), route);
        return this;
    }

    /** Every path that starts with {@code prefix} (e.g. {@code /api/}). */
    public Router httpPrefix(String prefix, HttpRoute route) {
        prefixes.put(prefix, route);
        return this;
    }

    public Router websocket(String path, WebSocketRoute route) {
        exact.put(withoutTrailingSlash(path), route);
        return this;
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The route for a path: an {@link HttpRoute}, a {@link WebSocketRoute}, or null. */
    Object find(String path) {
        Object route = exact.get(path);
        if (route == null) route = exact.get(withoutTrailingSlash(path));
        if (route != null) return route;
        String best = null;
        for (String p : prefixes.keySet()) {
            if (path.startsWith(p) && (best == null || p.length() > best.length())) best = p;
        }
        return best == null ? null : prefixes.get(best);
    }
}
