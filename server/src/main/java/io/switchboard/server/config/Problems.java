package io.switchboard.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors and warnings found while loading, gathered so that one run reports them all. An error about a key set
 * by an environment variable or a flag says so, since the file would not show the bad value.
 */
final class Problems {
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    /** Records that {@code path} (and everything under it) was set by {@code origin}. */
    void origin(String path, String origin) {
        origins.put(path, origin);
    }

    void error(String key, String text) {
        errors.add(key + ": " + text + originSuffix(key));
    }

    void warning(String text) {
        warnings.add(text);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private String originSuffix(String key) {
        for (Map.Entry<String, String> e : origins.entrySet()) {
            String path = e.getKey();
            if (key.equals(path) || key.startsWith(path + ".") || key.startsWith(path + "[")) {
                return " (set by " + e.getValue() + ")";
            }
        }
        return "";
    }
}
