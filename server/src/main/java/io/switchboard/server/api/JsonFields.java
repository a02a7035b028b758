package io.switchboard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one JSON request object, read with the types of Centrifugo's request messages: an absent or
 * {@code null} field is the type's zero value, a value of another type is a {@link MalformedRequest}.
 */
final class JsonFields {
    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

    private final ObjectMapper json;
    private final JsonNode object;
    private final String where;

    private JsonFields(ObjectMapper json, JsonNode object, String where) {
        this.json = json;
        this.object = object;
        this.where = where;
    }

    /** The object at {@code node}; null when {@code node} is absent or {@code null}. */
    static JsonFields of(ObjectMapper json, JsonNode node, String where) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        if (!node.isObject()) throw new MalformedRequest(where + " must be an object");
        return new JsonFields(json, node, where);
    }

    private JsonNode get(String field) {
        JsonNode n = object.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private MalformedRequest wrong(String field, String type) {
        return new MalformedRequest(where + "." + field + " must be " + type);
    }

    JsonFields object(String field) {
        return of(json, object.get(field), where + "." + field);
    }

    String string(String field) {
        JsonNode n = get(field);
        if (n == null) return "";
        if (!n.isTextual()) throw wrong(field, "a string");
        return n.asText();
    }

    boolean bool(String field) {
        JsonNode n = get(field);
        if (n == null) return false;
        if (!n.isBoolean()) throw wrong(field, "a boolean");
        return n.booleanValue();
    }

    int int32(String field) {
        JsonNode n = get(field);
        if (n == null) return 0;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrong(field, "a 32-bit integer");
        return n.intValue();
    }

    long int64(String field) {
        JsonNode n = get(field);
        if (n == null) return 0;
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw wrong(field, "a 64-bit integer");
        return n.longValue();
    }

    long uint32(String field) {
        JsonNode n = get(field);
        if (n == null) return 0;
        if (!n.isIntegralNumber() || n.bigIntegerValue().signum() < 0 || n.bigIntegerValue().compareTo(UINT32_MAX) > 0) {
            throw wrong(field, "an unsigned 32-bit integer");
        }
        return n.longValue();
    }

    /** An offset; Java's long holds those below 2^63, so larger ones are refused too. */
    long uint64(String field) {
        JsonNode n = get(field);
        if (n == null) return 0;
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) throw wrong(field, "an offset");
        return n.longValue();
    }

    /** Any JSON value, as its bytes; null when absent. */
    byte[] raw(String field) {
        JsonNode n = get(field);
        if (n == null) return null;
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw wrong(field, "JSON");
        }
    }

    List<String> strings(String field) {
        JsonNode n = get(field);
        if (n == null) return List.of();
        if (!n.isArray()) throw wrong(field, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isNull() && !e.isTextual()) throw wrong(field, "an array of strings");
            out.add(e.isNull() ? "" : e.asText());
        }
        return out;
    }

    Map<String, String> stringMap(String field) {
        JsonNode n = get(field);
        if (n == null) return Map.of();
        if (!n.isObject()) throw wrong(field, "an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isNull() && !e.getValue().isTextual()) throw wrong(field, "an object of strings");
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return out;
    }

    /** The elements of an array field, each null when it is a JSON {@code null}. */
    List<JsonNode> array(String field) {
        JsonNode n = get(field);
        if (n == null) return List.of();
        if (!n.isArray()) throw wrong(field, "an array");
        List<JsonNode> out = new ArrayList<>();
        n.forEach(e -> out.add(e.isNull() ? null : e));
        return out;
    }
}
