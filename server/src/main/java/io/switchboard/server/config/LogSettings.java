package io.switchboard.server.config;

/**
 * The {@code log} section, as Centrifugo v6 names it.
 *
 * @param level one of {@code none, trace, debug, info, warn, error}
 * @param file  where log lines go; null for standard error
 * @param json  one JSON object per line (for log shippers) instead of text
 */
public record LogSettings(String level, String file, boolean json) {
    public static final LogSettings DEFAULT = new LogSettings("info", null, false);
}
