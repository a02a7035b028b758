package io.switchboard.pusher.internal.codec;

import io.switchboard.json.JsonObject;

import java.util.Map;

/**
 * One client message: its event, channel (null when absent) and data, which may be an object (what pusher-js
 * sends), a string (what the old protocol text describes, sometimes itself JSON), another JSON value or null.
 */
public record ClientFrame(String event, String channel, Object data) {
    /** The data as an object: itself, or a string holding a JSON object; null otherwise. */
    public JsonObject dataObject() {
        if (data instanceof JsonObject o) return o;
        if (data instanceof String s) {
            try {
                return io.switchboard.json.JsonTree.parse(s) instanceof JsonObject o ? o : null;
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return null;
    }

    /** A member of an object (the last one wins, as JSON.parse reads duplicates), or null. */
    public static Object member(JsonObject o, String name) {
        if (o == null) return null;
        Object found = null;
        for (Map.Entry<String, Object> e : o.members()) if (e.getKey().equals(name)) found = e.getValue();
        return found;
    }

    public static String string(JsonObject o, String name) {
        return member(o, name) instanceof String s ? s : null;
    }
}
