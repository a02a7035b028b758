package io.switchboard.protocol;

import java.time.Duration;
import java.util.List;

/**
 * One protocol's section of the standalone server's config file, as the server hands it to the protocol's
 * {@link ProtocolConfig}: values already of the declared JSON type, defaults for missing keys. A value out of
 * range is reported under its full key and reads as null, so one run reports every problem.
 */
public interface ConfigSection {
    /** The JSON shape of a key; the server rejects any other shape, naming the key. */
    enum Type { STRING, INTEGER, BOOLEAN, DURATION, STRING_LIST }

    /** The section's name: "socketio". Keys below are relative to it: "path" is "socketio.path". */
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

    /** Reports a problem with a key of this section. */
    void error(String key, String message);

    boolean hasErrors();
}
