package io.switchboard.socketio.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as Socket.IO handlers see it: plain Java values (String, Integer/Long/BigInteger, Double, Boolean, null,
 * LinkedHashMap in key order, ArrayList, byte[] for binary attachments), written back compactly with key
 * order kept and numbers as JavaScript writes them.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    private JsonValues() {
    }

    /** Parses one JSON value; trailing content is an error, as with JSON.parse. */
    public static Object parse(String json) throws DecodeException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) throw new DecodeException("empty JSON");
            Object value = read(p);
            if (p.nextToken() != null) throw new DecodeException("content after the JSON value");
            return value;
        } catch (IOException e) {
            throw new DecodeException("invalid JSON: " + e.getMessage());
        }
    }

    private static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(read(p));
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + p.currentToken());
        }
    }

    /** Compact JSON of a value; binary values become placeholders numbered in the order they are met. */
    public static String write(Object value, List<byte[]> attachments) {
        StringBuilder out = new StringBuilder(64);
        write(value, out, attachments);
        return out.toString();
    }

    public static void write(Object value, StringBuilder out, List<byte[]> attachments) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
            string(value.toString(), out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            JsNumbers.append(n.doubleValue(), out);
        } else if (value instanceof byte[] bytes) {
            placeholder(bytes, out, attachments);
        } else if (value instanceof ByteBuffer buf) {
            byte[] bytes = new byte[buf.remaining()];
            buf.duplicate().get(bytes);
            placeholder(bytes, out, attachments);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out, attachments);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) out.append(',');
                first = false;
                write(item, out, attachments);
            }
            out.append(']');
        } else if (value instanceof Object[] array) {
            write(List.of(array), out, attachments);
        } else if (value instanceof RawJson raw) {
            out.append(raw.json());
        } else {
            throw new IllegalArgumentException("cannot send a " + value.getClass().getName()
                    + " as JSON: pass maps, lists, strings, numbers, booleans, byte[] or RawJson");
        }
    }

    private static void placeholder(byte[] bytes, StringBuilder out, List<byte[]> attachments) {
        if (attachments == null) throw new IllegalArgumentException("binary data where only JSON may go");
        out.append("{\"_placeholder\":true,\"num\":").append(attachments.size()).append('}');
        attachments.add(bytes);
    }

    /** A JSON string literal as JSON.stringify writes it: control characters and lone surrogates escaped. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean lone = Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || lone) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Puts binary attachments back where their placeholders are. A placeholder whose number is out of range is
     * an error, as with the reference parser.
     */
    public static Object withAttachments(Object value, List<byte[]> attachments) throws DecodeException {
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder"))) {
                Object num = map.get("num");
                if (num instanceof Integer i && i >= 0 && i < attachments.size()) return attachments.get(i);
                throw new DecodeException("illegal attachments");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            for (Map.Entry<String, Object> e : m.entrySet()) e.setValue(withAttachments(e.getValue(), attachments));
            return m;
        }
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            for (int i = 0; i < l.size(); i++) l.set(i, withAttachments(l.get(i), attachments));
            return l;
        }
        return value;
    }

    /** Whether a value holds binary data anywhere inside. */
    public static boolean hasBinary(Object value) {
        if (value instanceof byte[] || value instanceof ByteBuffer) return true;
        if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) if (hasBinary(v)) return true;
        } else if (value instanceof Collection<?> list) {
            for (Object v : list) if (hasBinary(v)) return true;
        } else if (value instanceof Object[] array) {
            for (Object v : array) if (hasBinary(v)) return true;
        }
        return false;
    }
}
