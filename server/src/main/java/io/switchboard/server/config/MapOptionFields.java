package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.MapOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A namespace's {@code subscription_type} and {@code map} block (Centrifugo's map subscriptions) → {@link MapOptions},
 * with the checks centrifuge makes on map channel options.
 */
final class MapOptionFields {
    static final String SUBSCRIPTION_TYPE = "subscription_type";
    static final String MAP = "map";
    static final String CLIENTS_PRESENCE_PREFIX = "map_clients_presence_channel_prefix";

    /** The keys of the {@code map} block served here; Centrifugo's others are warnings. */
    static final Map<String, ValueType> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("mode", ValueType.STRING);
        KEYS.put("key_ttl", ValueType.DURATION);
        KEYS.put("stream_size", ValueType.INTEGER);
        KEYS.put("stream_ttl", ValueType.DURATION);
        for (String who : new String[] {"client", "subscriber", "anonymous"}) {
            KEYS.put("allow_publish_for_" + who, ValueType.BOOLEAN);
            KEYS.put("allow_remove_for_" + who, ValueType.BOOLEAN);
        }
        KEYS.put("client_key", ValueType.STRING);
        KEYS.put("default_page_size", ValueType.INTEGER);
        KEYS.put("min_page_size", ValueType.INTEGER);
        KEYS.put("max_page_size", ValueType.INTEGER);
    }

    private MapOptionFields() {
    }

    /**
     * The map options of a namespace node; null for a stream namespace, or when something was wrong (then
     * {@code ok[0]} is false and the problem reported).
     */
    static MapOptions bind(JsonNode ns, String prefix, Problems problems, boolean[] ok) {
        JsonNode type = ns.get(SUBSCRIPTION_TYPE);
        String t = type == null || !type.isTextual() ? "stream" : type.textValue();
        if (t.isEmpty() || t.equals("stream") || t.equals(SharedPollBinder.TYPE)) return null; // shared poll: SharedPollBinder
        if (!t.equals("map") && !t.equals("map_clients")) {
            problems.warning(prefix + "." + SUBSCRIPTION_TYPE + ": \"" + t
                    + "\" subscriptions are not served yet; the namespace's channels are streams");
            return null;
        }
        JsonNode m = ns.get(MAP);
        String at = prefix + "." + MAP;
        if (m == null || !m.isObject()) {
            problems.error(at, "a map namespace needs its map block with at least mode");
            ok[0] = false;
            return null;
        }
        MapOptions.Mode mode = mode(m.get("mode"), at + ".mode", problems);
        Duration keyTtl = duration(m, "key_ttl", at, problems);
        Duration streamTtl = duration(m, "stream_ttl", at, problems);
        Integer streamSize = integer(m, "stream_size", at, problems);
        Integer def = integer(m, "default_page_size", at, problems);
        Integer min = integer(m, "min_page_size", at, problems);
        Integer max = integer(m, "max_page_size", at, problems);
        if (mode == null || keyTtl == null || streamTtl == null || streamSize == null || def == null || min == null
                || max == null) {
            ok[0] = false;
            return null;
        }
        boolean good = true;
        if (mode.expires() && keyTtl.isZero()) {
            problems.error(at + ".key_ttl", "required for mode " + name(mode) + ": its entries expire");
            good = false;
        }
        if (!mode.expires() && !keyTtl.isZero()) {
            problems.error(at + ".key_ttl", "must not be set for mode persistent: its entries do not expire");
            good = false;
        }
        if (!mode.hasStream() && (streamSize > 0 || !streamTtl.isZero())) {
            problems.error(at + (streamSize > 0 ? ".stream_size" : ".stream_ttl"),
                    "needs mode recoverable or persistent: mode ephemeral keeps no stream");
            good = false;
        }
        if (!good) {
            ok[0] = false;
            return null;
        }
        return new MapOptions(mode, keyTtl, streamSize, streamTtl, bool(m, "allow_publish_for_client"),
                bool(m, "allow_publish_for_subscriber"), bool(m, "allow_publish_for_anonymous"),
                bool(m, "allow_remove_for_client"), bool(m, "allow_remove_for_subscriber"),
                bool(m, "allow_remove_for_anonymous"), text(m, "client_key"), def, min, max,
                t.equals("map") ? MapOptions.TYPE_MAP : MapOptions.TYPE_MAP_CLIENTS, text(ns, CLIENTS_PRESENCE_PREFIX));
    }

    private static MapOptions.Mode mode(JsonNode v, String key, Problems problems) {
        String s = v == null || !v.isTextual() ? "" : v.textValue();
        return switch (s) {
            case "ephemeral" -> MapOptions.Mode.EPHEMERAL;
            case "recoverable" -> MapOptions.Mode.RECOVERABLE;
            case "persistent" -> MapOptions.Mode.PERSISTENT;
            default -> {
                problems.error(key, (s.isEmpty() ? "missing" : "\"" + s + "\" is not a mode")
                        + ": one of ephemeral, recoverable, persistent");
                yield null;
            }
        };
    }

    private static String name(MapOptions.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static Duration duration(JsonNode m, String key, String at, Problems problems) {
        JsonNode v = m.get(key);
        return v == null || !ValueType.DURATION.accepts(v) ? Duration.ZERO : Values.duration(v, at + "." + key, problems);
    }

    private static Integer integer(JsonNode m, String key, String at, Problems problems) {
        JsonNode v = m.get(key);
        return v == null || !v.isIntegralNumber() ? Integer.valueOf(0)
                : Values.integer(v, at + "." + key, 0, Integer.MAX_VALUE, problems);
    }

    private static boolean bool(JsonNode m, String key) {
        JsonNode v = m.get(key);
        return v != null && v.isBoolean() && v.booleanValue();
    }

    private static String text(JsonNode m, String key) {
        JsonNode v = m.get(key);
        return v != null && v.isTextual() ? v.textValue() : "";
    }
}
