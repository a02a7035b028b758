package io.switchboard.socketio.engine.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable string map packed into one string, for maps a connection keeps for its whole life and rarely
 * reads (its handshake's headers and query): two objects in all instead of two strings an entry. Each key and
 * value is stored as its length (one char) then its chars; lookups scan, entries are made when iterated.
 * Keeps insertion order.
 */
public final class PackedStringMap extends AbstractMap<String, String> {
    private static final int MAX_LENGTH = Character.MAX_VALUE;

    private final String packed;
    private final int size;

    private PackedStringMap(String packed, int size) {
        this.packed = packed;
        this.size = size;
    }

    /** The map packed, or itself if it already is; a key or value longer than 65,535 chars is refused. */
    public static Map<String, String> of(Map<String, String> map) {
        if (map instanceof PackedStringMap) return map;
        if (map.isEmpty()) return Map.of();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : map.entrySet()) {
            append(out, e.getKey());
            append(out, e.getValue());
        }
        return new PackedStringMap(out.toString(), map.size());
    }

    private static void append(StringBuilder out, String s) {
        if (s == null) throw new NullPointerException("null key or value");
        if (s.length() > MAX_LENGTH) throw new IllegalArgumentException("entry longer than " + MAX_LENGTH + " chars");
        out.append((char) s.length()).append(s);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String get(Object key) {
        int at = valueAt(key);
        return at < 0 ? null : packed.substring(at + 1, at + 1 + packed.charAt(at));
    }

    @Override
    public boolean containsKey(Object key) {
        return valueAt(key) >= 0;
    }

    /** Where the value of {@code key} starts (its length char), or -1. */
    private int valueAt(Object key) {
        if (!(key instanceof String k)) return -1;
        int i = 0;
        while (i < packed.length()) {
            int keyLength = packed.charAt(i);
            int valueAt = i + 1 + keyLength;
            if (keyLength == k.length() && packed.regionMatches(i + 1, k, 0, keyLength)) return valueAt;
            i = valueAt + 1 + packed.charAt(valueAt);
        }
        return -1;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < packed.length();
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        int keyLength = packed.charAt(i);
                        String key = packed.substring(i + 1, i + 1 + keyLength);
                        int valueAt = i + 1 + keyLength;
                        int valueLength = packed.charAt(valueAt);
                        String value = packed.substring(valueAt + 1, valueAt + 1 + valueLength);
                        i = valueAt + 1 + valueLength;
                        return new SimpleImmutableEntry<>(key, value);
                    }
                };
            }
        };
    }
}
