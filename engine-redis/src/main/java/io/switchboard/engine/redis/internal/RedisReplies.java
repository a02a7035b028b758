package io.switchboard.engine.redis.internal;

import io.switchboard.core.Publication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the scripts' replies: integers, bulk strings as bytes, stream entries as [id, [field, value, ...]]. */
public final class RedisReplies {
    private RedisReplies() {
    }

    public static long number(Object o) {
        if (o instanceof Long l) return l;
        if (o instanceof byte[] b) return Long.parseLong(text(b));
        throw new IllegalStateException("expected a number from Redis, got " + o);
    }

    public static String text(Object o) {
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        throw new IllegalStateException("expected a string from Redis, got " + o);
    }

    /** Stream entries whose id is {@code <offset>-0} and whose field {@code d} is an encoded Publication. */
    public static List<Publication> publications(Object entries) {
        List<?> list = (List<?>) entries;
        List<Publication> out = new ArrayList<>(list.size());
        for (Object e : list) {
            List<?> entry = (List<?>) e;
            String id = text(entry.get(0));
            long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
            List<?> fields = (List<?>) entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("d".equals(text(fields.get(i)))) {
                    byte[] d = (byte[]) fields.get(i + 1);
                    out.add(PublicationCodec.decodePublication(d, 0, d.length, offset));
                }
            }
        }
        return out;
    }

    /** A flat [field, value, field, value, ...] reply (HGETALL) as a map. */
    public static Map<String, byte[]> hash(Object reply) {
        List<?> list = (List<?>) reply;
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) out.put(text(list.get(i)), (byte[]) list.get(i + 1));
        return out;
    }
}
