package io.switchboard.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict JSON tree for token parts. Objects keep every member in order, duplicates included, because Go's
 * decoder applies them one after another; numbers keep their text so that they are re-emitted as written.
 * JSON null is Java null. Values: {@link Obj}, {@link List}, {@link String}, {@link Num}, {@link Boolean}, null.
 */
final class Json {
    record Obj(List<Map.Entry<String, Object>> entries) {
    }

    record Num(String text) {
        boolean integral() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }
    }

    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    // Field names come from untrusted tokens: don't intern them.
    private static final JsonFactory FACTORY =
            JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

    private Json() {
    }

    /** Parses one JSON value; invalid UTF-8 becomes U+FFFD as in Go. */
    static Object parse(byte[] utf8) throws IOException {
        try (JsonParser p = FACTORY.createParser(new String(utf8, StandardCharsets.UTF_8))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty JSON");
            }
            Object value = read(p, first);
            if (p.nextToken() != null) {
                throw new IOException("data after JSON value");
            }
            return value;
        }
    }

    static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    private static Object read(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                List<Map.Entry<String, Object>> entries = new ArrayList<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    entries.add(new SimpleImmutableEntry<>(name, read(p, p.nextToken())));
                }
                return new Obj(entries);
            }
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(read(p, t));
                }
                return items;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
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

    /** Compact JSON for a parsed tree or for plain Java values (Map, List, String, Number, Boolean, null). */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Boolean || value instanceof Num
                || value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
            out.append(value instanceof Num n ? n.text() : value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(value);
        } else if (value instanceof Obj obj) {
            writeMembers(obj.entries(), out);
        } else if (value instanceof Map<?, ?> map) {
            writeMembers(map.entrySet(), out);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeMembers(Collection<? extends Map.Entry<?, ?>> members, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : members) {
            if (!(member.getKey() instanceof String name)) {
                throw new IllegalArgumentException("JSON object keys must be strings");
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(name, out);
            out.append(':');
            write(member.getValue(), out);
        }
        out.append('}');
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        // A lone surrogate stays an escape so that the UTF-8 bytes lose nothing.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
