package io.switchboard.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one JSON value into a tree: {@link JsonObject}, {@link List}, {@link String},
 * {@link JsonNumber}, {@link Boolean}, and null for JSON null. Content after the value is an error, and so is
 * nesting deeper than {@link JsonParsers#MAX_NESTING_DEPTH}.
 */
public final class JsonTree {
    private JsonTree() {
    }

    /** Reads UTF-8 bytes; invalid UTF-8 becomes U+FFFD first, as Go's decoder reads it. */
    public static Object parse(byte[] utf8) throws IOException {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    public static Object parse(String json) throws IOException {
        try (JsonParser p = JsonParsers.over(json)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new IOException("empty JSON");
            Object value = read(p, first);
            if (p.nextToken() != null) throw new IOException("content after the JSON value");
            return value;
        }
    }

    private static Object read(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                List<Map.Entry<String, Object>> members = new ArrayList<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    members.add(new SimpleImmutableEntry<>(name, read(p, p.nextToken())));
                }
                return new JsonObject(members);
            }
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) items.add(read(p, t));
                return items;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JsonNumber(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }
}
