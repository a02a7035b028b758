package io.switchboard.socketio.internal.codec;

import io.switchboard.socketio.RawJson;
import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;

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
    private JsonValues() {
    }

    /** Parses one JSON value; trailing content is an error, as with JSON.parse. */
    public static Object parse(String json) throws DecodeException {
        try {
            return plain(JsonTree.parse(json));
        } catch (IOException e) {
            throw new DecodeException("invalid JSON: " + e.getMessage());
        }
    }

    /** The toolkit's tree as handlers get it: a later duplicate key wins, numbers as the narrowest Java type. */
    private static Object plain(Object tree) {
        if (tree instanceof JsonObject obj) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, Object> m : obj.members()) map.put(m.getKey(), plain(m.getValue()));
            return map;
        }
        if (tree instanceof List<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) list.add(plain(item));
            return list;
        }
        if (tree instanceof JsonNumber n) {
            if (!n.integral()) return Double.parseDouble(n.text());
            BigInteger big = new BigInteger(n.text());
            if (big.bitLength() < 32) return big.intValue();
            if (big.bitLength() < 64) return big.longValue();
            return big;
        }
        return tree;
    }

    /** Compact JSON of a value; binary values become placeholders numbered in the order they are met. */
    public static String write(Object value, List<byte[]> attachments) {
        StringBuilder out = new StringBuilder(64);
        write(value, out, attachments);
        return out.toString();
    }

    public static void write(Object value, StringBuilder out, List<byte[]> attachments) {
        CompactJson.write(value, out, (v, o) -> {
            if (v instanceof byte[] bytes) {
                placeholder(bytes, o, attachments);
            } else if (v instanceof ByteBuffer buf) {
                byte[] bytes = new byte[buf.remaining()];
                buf.duplicate().get(bytes);
                placeholder(bytes, o, attachments);
            } else {
                throw new IllegalArgumentException("cannot send a " + v.getClass().getName()
                        + " as JSON: pass maps, lists, strings, numbers, booleans, byte[] or RawJson");
            }
        });
    }

    private static void placeholder(byte[] bytes, StringBuilder out, List<byte[]> attachments) {
        if (attachments == null) throw new IllegalArgumentException("binary data where only JSON may go");
        out.append("{\"_placeholder\":true,\"num\":").append(attachments.size()).append('}');
        attachments.add(bytes);
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
