package io.switchboard.protocol.proxy;

import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a reply's members, as Go's decoder reads them: the last of duplicate members wins, null is
 * absent, and a member of the wrong type makes the reply unreadable ({@link BadReply}).
 */
final class Fields {
    /** A reply the backend got wrong: answered like no reply at all. */
    static final class BadReply extends Exception {
        BadReply(String message) {
            super(message, null, false, false);
        }
    }

    private Fields() {
    }

    static Object get(JsonObject o, String name) {
        if (o == null) return null;
        Object found = null;
        for (Map.Entry<String, Object> m : o.members()) {
            if (m.getKey().equals(name)) found = m.getValue();
        }
        return found;
    }

    static JsonObject object(JsonObject o, String name) throws BadReply {
        Object v = get(o, name);
        if (v == null) return null;
        if (v instanceof JsonObject j) return j;
        throw new BadReply(name + " is not an object");
    }

    static String string(JsonObject o, String name) throws BadReply {
        Object v = get(o, name);
        if (v == null) return "";
        if (v instanceof String s) return s;
        throw new BadReply(name + " is not a string");
    }

    static boolean bool(JsonObject o, String name) throws BadReply {
        Object v = get(o, name);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        throw new BadReply(name + " is not a boolean");
    }

    static long integer(JsonObject o, String name) throws BadReply {
        Object v = get(o, name);
        if (v == null) return 0;
        if (v instanceof JsonNumber n && n.integral()) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                throw new BadReply(name + " is out of range");
            }
        }
        throw new BadReply(name + " is not an integer");
    }

    static List<String> strings(JsonObject o, String name) throws BadReply {
        Object v = get(o, name);
        if (v == null) return List.of();
        if (!(v instanceof List<?> items)) throw new BadReply(name + " is not an array");
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String s)) throw new BadReply(name + " holds a non-string");
            out.add(s);
        }
        return out;
    }

    /** A {@code BoolValue} ({@code {"value": true}}) of an override; null when absent. */
    static Boolean boolValue(JsonObject o, String name) throws BadReply {
        JsonObject v = object(o, name);
        return v == null ? null : bool(v, "value");
    }

    /**
     * A payload given as raw JSON ({@code data}) or base64 ({@code b64data}), as Centrifugo reads it: base64 when
     * set, else the JSON value's text; null when neither is set.
     */
    static byte[] payload(JsonObject o, String raw, String b64) throws BadReply {
        String encoded = string(o, b64);
        if (!encoded.isEmpty()) {
            try {
                return Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new BadReply(b64 + " is not base64");
            }
        }
        return rawJson(o, raw);
    }

    /** The JSON text of a member, or null when absent. */
    static byte[] rawJson(JsonObject o, String name) {
        Object v = get(o, name);
        return v == null ? null : CompactJson.write(v).getBytes(StandardCharsets.UTF_8);
    }
}
