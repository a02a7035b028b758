package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.centrifugo.SharedPollOptions;
import io.switchboard.centrifugo.SharedPollSettings;
import io.switchboard.protocol.proxy.ProxyEndpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Centrifugo v6's shared poll subscriptions: the top-level {@code shared_poll} section (the track signatures'
 * secret) and each {@code subscription_type: shared_poll} namespace's {@code shared_poll} block, whose
 * {@code proxy_name} picks an item of {@code proxies[]} or ("default", or unset) {@code channel.proxy.shared_poll_refresh}.
 */
final class SharedPollBinder {
    static final String TYPE = "shared_poll";
    static final String BLOCK = "shared_poll";
    static final String DEFAULT_SECTION = "channel.proxy.shared_poll_refresh";

    /** The keys of a namespace's {@code shared_poll} block served here; Centrifugo's others are warnings. */
    static final Map<String, ValueType> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("mode", ValueType.STRING);
        KEYS.put("proxy_name", ValueType.STRING);
        KEYS.put("refresh_interval", ValueType.DURATION);
        KEYS.put("refresh_batch_size", ValueType.INTEGER);
        KEYS.put("max_keys_per_connection", ValueType.INTEGER);
        KEYS.put("channel_shutdown_delay", ValueType.DURATION);
    }

    private SharedPollBinder() {
    }

    static void declare(BiConsumer<String, ValueType> key) {
        key.accept("shared_poll.hmac_secret_key", ValueType.STRING);
        key.accept("shared_poll.hmac_previous_secret_key", ValueType.STRING);
        ProxiesBinder.proxyKeys(DEFAULT_SECTION + ".", key);
    }

    /** Null when something was wrong (and reported). */
    static SharedPollSettings bind(ObjectNode root, Problems problems) {
        Map<String, SharedPollOptions> namespaces = new LinkedHashMap<>();
        boolean ok = namespace(root, Trees.get(root, ConfigKeys.WITHOUT_NAMESPACE), "", ConfigKeys.WITHOUT_NAMESPACE,
                namespaces, problems);
        JsonNode list = Trees.get(root, ConfigKeys.NAMESPACES);
        for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
            JsonNode ns = list.get(i);
            JsonNode name = ns.get(ConfigKeys.NAMESPACE_NAME);
            if (ns.isObject() && name != null && name.isTextual()) {
                ok &= namespace(root, ns, name.textValue(), ConfigKeys.NAMESPACES + "[" + i + "]", namespaces, problems);
            }
        }
        SectionView top = new SectionView(root, "", problems);
        String secret = top.string("shared_poll.hmac_secret_key", "");
        if (!namespaces.isEmpty() && secret.isEmpty()) {
            problems.error("shared_poll.hmac_secret_key", "required with shared_poll namespaces: it checks track signatures");
            ok = false;
        }
        if (!ok) return null;
        return new SharedPollSettings(secret, top.string("shared_poll.hmac_previous_secret_key", ""), 0, namespaces,
                ":");
    }

    private static boolean namespace(ObjectNode root, JsonNode ns, String name, String prefix,
                                     Map<String, SharedPollOptions> out, Problems problems) {
        if (ns == null || !ns.isObject()) return true;
        JsonNode type = ns.get(MapOptionFields.SUBSCRIPTION_TYPE);
        if (type == null || !type.isTextual() || !type.textValue().equals(TYPE)) return true;
        JsonNode b = ns.get(BLOCK);
        String at = prefix + "." + BLOCK;
        if (b == null || !b.isObject()) b = root.objectNode();
        String mode = text(b, "mode");
        if (!mode.isEmpty() && !mode.equals("versioned") && !mode.equals("versionless")) {
            problems.error(at + ".mode", "\"" + mode + "\" is not a mode: versioned, or versionless (the default)");
            return false;
        }
        ProxyEndpoint proxy = ProxiesBinder.sharedPollProxy(root, at + ".proxy_name", text(b, "proxy_name"),
                DEFAULT_SECTION, problems);
        Duration interval = duration(b, "refresh_interval", at, problems);
        Duration shutdown = duration(b, "channel_shutdown_delay", at, problems);
        Integer batch = integer(b, "refresh_batch_size", at, problems);
        Integer maxKeys = integer(b, "max_keys_per_connection", at, problems);
        if (proxy == null || interval == null || shutdown == null || batch == null || maxKeys == null) return false;
        if (!interval.isZero() && interval.toMillis() < 10) {
            problems.error(at + ".refresh_interval", "must be at least 10ms");
            return false;
        }
        out.put(name, new SharedPollOptions(mode.equals("versioned"), proxy, interval, batch, maxKeys, shutdown));
        return true;
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

    private static String text(JsonNode m, String key) {
        JsonNode v = m.get(key);
        return v != null && v.isTextual() ? v.textValue() : "";
    }
}
