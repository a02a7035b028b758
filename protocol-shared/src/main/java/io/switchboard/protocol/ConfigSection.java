package io.switchboard.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One protocol's section of the standalone server's config file, as the server hands it to the protocol's
 * {@link ProtocolConfig}: values already of the declared JSON type, defaults for missing keys. A value out of
 * range is reported under its full key and reads as null, so one run reports every problem.
 */
public interface ConfigSection {
    /**
     * The JSON shape of a key; the server rejects any other shape, naming the key. The keys of an
     * {@code OBJECT_LIST}'s items are declared after it with {@code []}: {@code apps} and {@code apps[].id}.
     */
    enum Type { STRING, INTEGER, BOOLEAN, DURATION, STRING_LIST, OBJECT_LIST, STRING_MAP }

    /**
     * The section's name: "socketio", or for an item of an object list its place: "pusher.apps[0]". Keys below
     * are relative to it: "path" is "socketio.path", "key" is "pusher.apps[0].key".
     */
    String name();

    /** Whether the key is set (in the file, an environment variable or the dev preset). */
    boolean has(String key);

    String string(String key, String defaultValue);

    boolean bool(String key, boolean defaultValue);

    /** Null when out of range (reported). */
    Integer integer(String key, int defaultValue, long min, long max);

    /** Null when not a duration (reported). */
    Duration duration(String key, Duration defaultValue);

    List<String> strings(String key, List<String> defaultValue);

    /** The items of an object list, each a section of its own (errors are reported under its place); empty when unset. */
    List<ConfigSection> items(String key);

    /** An object of string values ({@code headers}), in file order; empty when unset. */
    Map<String, String> stringMap(String key);

    /** Reports a problem with a key of this section. */
    void error(String key, String message);

    boolean hasErrors();
}
