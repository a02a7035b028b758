package io.switchboard.server.api;

import io.switchboard.core.Meters;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** The server API's metric names, Centrifugo's: one timer per transport ("http", "grpc") and method. */
public final class ApiMeters {
    public static final String COMMAND_DURATION = "centrifugo_api_command_duration_seconds";

    private ApiMeters() {
    }

    /** A gRPC method name ({@code PresenceStats}) as the HTTP API names it ({@code presence_stats}). */
    public static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) out.append('_');
            out.append(Character.toLowerCase(c));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * One transport's timers by method, each resolved once: a registry lookup builds a meter id, which is not free
     * for every call. Only known methods reach it, so it holds a few dozen at most.
     */
    public static final class Timers {
        private final Meters meters;
        private final String transport;
        private final ConcurrentHashMap<String, Meters.Timer> byMethod = new ConcurrentHashMap<>();

        public Timers(Meters meters, String transport) {
            this.meters = meters;
            this.transport = transport;
        }

        public Meters.Timer of(String method) {
            return byMethod.computeIfAbsent(method,
                    m -> meters.timer(COMMAND_DURATION, "protocol", transport, "method", m));
        }
    }
}
