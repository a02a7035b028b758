package io.switchboard.server.api;

import java.util.Locale;

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
}
