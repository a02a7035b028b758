package io.switchboard.json;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON of plain Java values as JSON.stringify writes them: maps (keys in their order, as strings), collections
 * and arrays, strings (also chars and enums), booleans, integers as they are, other numbers in JavaScript's format,
 * null, and the {@link JsonTree}'s values and {@link RawValue}s as they are.
 */
public final class CompactJson {
    /** Writes a value CompactJson does not know, or refuses it with an IllegalArgumentException. */
    @FunctionalInterface
    public interface Fallback {
        void write(Object value, StringBuilder out);
    }

    private static final Fallback REFUSE = (value, out) -> {
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    };

    private CompactJson() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(value, out, REFUSE);
        return out.toString();
    }

    public static void write(Object value, StringBuilder out, Fallback fallback) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
            JsonStrings.quote(value.toString(), out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof JsonNumber n) {
            out.append(n.text());
        } else if (value instanceof Number n) {
            JsNumbers.append(n.doubleValue(), out);
        } else if (value instanceof RawValue raw) {
            out.append(raw.json());
        } else if (value instanceof JsonObject obj) {
            members(obj.members(), out, fallback);
        } else if (value instanceof Map<?, ?> map) {
            members(map.entrySet(), out, fallback);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) out.append(',');
                first = false;
                write(item, out, fallback);
            }
            out.append(']');
        } else if (value instanceof Object[] array) {
            write(Arrays.asList(array), out, fallback);
        } else {
            fallback.write(value, out);
        }
    }

    private static void members(Collection<? extends Map.Entry<?, ?>> members, StringBuilder out, Fallback fallback) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : members) {
            if (!first) out.append(',');
            first = false;
            JsonStrings.quote(String.valueOf(member.getKey()), out);
            out.append(':');
            write(member.getValue(), out, fallback);
        }
        out.append('}');
    }
}
