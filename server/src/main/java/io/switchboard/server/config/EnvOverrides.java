package io.switchboard.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code SWITCHBOARD_<KEY PATH>} variables. Names are looked up in the table of known keys rather than split on
 * {@code _}, because key names have underscores of their own ({@code HTTP_SERVER_PORT} is {@code http_server.port}).
 * Lists take JSON ({@code ["https://a.example"]}) or, as in Centrifugo, space-separated words; namespaces and
 * other lists of objects ({@code SWITCHBOARD_PUSHER_APPS}) take JSON. Keys inside such items have no variables.
 * An empty variable counts as unset, as in Centrifugo.
 */
final class EnvOverrides {
    // Read by the interop test launcher, not by the server.
    private static final Set<String> NOT_CONFIG = Set.of("SWITCHBOARD_JAR", "SWITCHBOARD_CMD");

    private EnvOverrides() {
    }

    static void apply(ObjectNode tree, Map<String, String> env, Problems problems) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ConfigKeys.ENV_PREFIX) || NOT_CONFIG.contains(name)) continue;
            String path = ConfigKeys.keyOfEnvName(name);
            if (path == null) {
                problems.warning(name + " is not a config key and is ignored"
                        + Suggestions.closest(name.substring(ConfigKeys.ENV_PREFIX.length()).toLowerCase(Locale.ROOT),
                                ConfigKeys.keys())
                        .map(key -> " (did you mean " + ConfigKeys.envName(key) + "?)").orElse(""));
                continue;
            }
            if (e.getValue().isEmpty()) continue;
            problems.origin(path, name);
            JsonNode value = convert(path, ConfigKeys.type(path), e.getValue(), problems);
            if (value != null) Trees.set(tree, path, value);
        }
    }

    private static JsonNode convert(String path, ValueType type, String text, Problems problems) {
        String trimmed = text.trim();
        return switch (type) {
            case STRING -> TextNode.valueOf(text);
            case DURATION -> TextNode.valueOf(trimmed);
            case INTEGER -> integer(path, trimmed, problems);
            case BOOLEAN -> bool(path, trimmed, problems);
            case STRING_LIST, STRINGS -> trimmed.startsWith("[") ? json(path, trimmed, problems) : words(trimmed);
            case NAMESPACE_LIST, OBJECT_LIST, STRING_MAP -> json(path, trimmed, problems);
        };
    }

    private static JsonNode integer(String path, String text, Problems problems) {
        try {
            return LongNode.valueOf(Long.parseLong(text));
        } catch (NumberFormatException e) {
            problems.error(path, quote(text) + " is not an integer");
            return null;
        }
    }

    private static JsonNode bool(String path, String text, Problems problems) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> BooleanNode.TRUE;
            case "false", "0" -> BooleanNode.FALSE;
            default -> {
                problems.error(path, quote(text) + " is not a boolean (use true or false)");
                yield null;
            }
        };
    }

    private static JsonNode words(String text) {
        ArrayNode words = JsonNodeFactory.instance.arrayNode();
        for (String word : text.split("\\s+")) {
            if (!word.isEmpty()) words.add(word);
        }
        return words;
    }

    private static JsonNode json(String path, String text, Problems problems) {
        try {
            return ConfigFiles.json().readTree(text);
        } catch (JsonProcessingException ex) {
            problems.error(path, "not valid JSON: " + ex.getOriginalMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }
}
