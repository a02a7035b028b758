package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Dotted-path access to a config tree. */
final class Trees {
    private Trees() {
    }

    /** The value at {@code path}, or null when it or a section on the way is missing or not an object. */
    static JsonNode get(ObjectNode root, String path) {
        JsonNode node = root;
        for (String segment : path.split("\\.")) {
            if (!node.isObject()) return null;
            node = node.get(segment);
            if (node == null) return null;
        }
        return node;
    }

    /**
     * Sets {@code path}, creating sections on the way. False when a section on the way holds something other
     * than an object: the key check reports that value, and overwriting it would hide the mistake.
     */
    static boolean set(ObjectNode root, String path, JsonNode value) {
        String[] segments = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode next = node.get(segments[i]);
            if (next == null) {
                next = node.putObject(segments[i]);
            } else if (!next.isObject()) {
                return false;
            }
            node = (ObjectNode) next;
        }
        node.set(segments[segments.length - 1], value);
        return true;
    }

    /** Deep merge: objects merge key by key, anything else in {@code top} replaces what {@code base} had. */
    static void merge(ObjectNode base, ObjectNode top) {
        for (Map.Entry<String, JsonNode> e : top.properties()) {
            JsonNode existing = base.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
