package io.switchboard.socketcluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error object as SocketCluster sends it ({@code sc-errors}' dehydrated form): {@code name}, {@code message} and
 * any further fields ({@code isBadToken}, {@code code}), which the client copies onto the Error it rejects with.
 */
public record SocketClusterError(String name, String message, Map<String, Object> fields) {
    public SocketClusterError {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public SocketClusterError(String name, String message) {
        this(name, message, Map.of());
    }

    /** The wire form: {@code message}, {@code name}, then the fields. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("name", name);
        m.putAll(fields);
        return m;
    }

    /** An error object a client sent (its name and message, when they are strings). */
    static SocketClusterError of(Object plain) {
        if (!(plain instanceof Map<?, ?> m)) return new SocketClusterError("Error", String.valueOf(plain));
        Map<String, Object> rest = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!"name".equals(k) && !"message".equals(k) && v != null) rest.put(String.valueOf(k), v);
        });
        return new SocketClusterError(m.get("name") instanceof String n ? n : "Error",
                m.get("message") instanceof String s ? s : "", rest);
    }
}
