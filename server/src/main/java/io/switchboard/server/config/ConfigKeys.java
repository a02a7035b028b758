package io.switchboard.server.config;

import io.switchboard.protocol.ProtocolConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every key the config accepts, by dotted path (Centrifugo v6 names), and the sections that hold them.
 * Anything else in a config is an error; this is also the table environment variable names are resolved against.
 */
final class ConfigKeys {
    static final String ENV_PREFIX = "SWITCHBOARD_";
    static final String NAMESPACES = "channel.namespaces";
    static final String WITHOUT_NAMESPACE = "channel.without_namespace";
    /** Switchboard's own: options for a namespace not in {@code channel.namespaces} ({@code --dev} opens them all). */
    static final String UNLISTED_NAMESPACES = "channel.unlisted_namespaces";
    static final String NAMESPACE_NAME = "name";
    /** Marks the items of an object list in declared paths: {@code pusher.apps[].key}. */
    static final String ITEM = "[]";

    private static final Map<String, ValueType> KEYS = new LinkedHashMap<>();
    private static final Set<String> SECTIONS = new LinkedHashSet<>();
    private static final Set<String> ALL_PATHS = new LinkedHashSet<>();
    private static final Map<String, String> BY_ENV_NAME = new LinkedHashMap<>();

    static {
        key("http_server.address", ValueType.STRING);
        key("http_server.port", ValueType.INTEGER);
        key("http_server.read_header_timeout", ValueType.DURATION);
        key("http_server.idle_timeout", ValueType.DURATION);
        key("http_server.max_connections", ValueType.INTEGER);
        for (String section : new String[] {"client.token", "client.subscription_token"}) {
            for (String name : new String[] {"hmac_secret_key", "rsa_public_key", "ecdsa_public_key", "audience",
                    "issuer"}) {
                key(section + "." + name, ValueType.STRING);
            }
        }
        key("client.subscription_token.enabled", ValueType.BOOLEAN);
        key("client.allowed_origins", ValueType.STRING_LIST);
        key("client.insecure", ValueType.BOOLEAN);
        key("client.allow_anonymous_connect_without_token", ValueType.BOOLEAN);
        key("client.ping_interval", ValueType.DURATION);
        key("client.pong_timeout", ValueType.DURATION);
        key("client.stale_close_delay", ValueType.DURATION);
        key("client.expired_close_delay", ValueType.DURATION);
        key("client.channel_limit", ValueType.INTEGER);
        key("client.queue_max_size", ValueType.INTEGER);
        key("client.concurrency", ValueType.INTEGER);
        key("client.history_max_publication_limit", ValueType.INTEGER);
        key("client.recovery_max_publication_limit", ValueType.INTEGER);
        key("client.channel_position_check_delay", ValueType.DURATION);
        key("websocket.message_size_limit", ValueType.INTEGER);
        key("websocket.disabled", ValueType.BOOLEAN);
        for (String transport : new String[] {"http_stream", "sse", "uni_websocket", "uni_http_stream", "uni_sse",
                "uni_grpc"}) {
            key(transport + ".enabled", ValueType.BOOLEAN);
        }
        key("sockjs.enabled", ValueType.BOOLEAN);
        key("sockjs.url", ValueType.STRING);
        key("sockjs.heartbeat_delay", ValueType.DURATION);
        key("sockjs.disconnect_delay", ValueType.DURATION);
        key("uni_grpc.address", ValueType.STRING);
        key("grpc_api.enabled", ValueType.BOOLEAN);
        key("grpc_api.address", ValueType.STRING);
        key("grpc_api.port", ValueType.INTEGER);
        key("grpc_api.key", ValueType.STRING);
        key("grpc_api.insecure", ValueType.BOOLEAN);
        key("uni_grpc.port", ValueType.INTEGER);
        key("grpc_bidi.enabled", ValueType.BOOLEAN);
        key("grpc_bidi.address", ValueType.STRING);
        key("grpc_bidi.port", ValueType.INTEGER);
        for (ProtocolConfig<?> protocol : ProtocolSections.ALL) {
            protocol.keys().forEach((key, type) -> key(protocol.section() + "." + key, SectionView.valueType(type)));
        }
        key("channel.max_length", ValueType.INTEGER);
        for (ChannelOptionFields.Field f : ChannelOptionFields.ALL) {
            key(WITHOUT_NAMESPACE + "." + f.key(), f.type());
        }
        for (ChannelOptionFields.Field f : ChannelOptionFields.ALL) {
            key(UNLISTED_NAMESPACES + "." + f.key(), f.type());
        }
        key(NAMESPACES, ValueType.NAMESPACE_LIST);
        key("http_api.key", ValueType.STRING);
        key("http_api.insecure", ValueType.BOOLEAN);
        key("health.enabled", ValueType.BOOLEAN);
        key("shutdown.drain_delay", ValueType.DURATION);
        key("log.level", ValueType.STRING);
        key("log.file", ValueType.STRING);
        key("log.format", ValueType.STRING);
        fileOnlyKey("log_level", ValueType.STRING); // Centrifugo v5's name; SWITCHBOARD_LOG_LEVEL is log.level
        key("prometheus.enabled", ValueType.BOOLEAN);
        key("prometheus.instrument_http_handlers", ValueType.BOOLEAN); // accepted, not served: warned
        key("prometheus.native_histograms", ValueType.BOOLEAN); // accepted, not served: warned
        key("engine.type", ValueType.STRING);
        MapBrokerBinder.declare(ConfigKeys::key);
        EngineBinder.declare(ConfigKeys::key);
        AdminBinder.declare(ConfigKeys::key);
        ProxiesBinder.declare(ConfigKeys::key);
        SharedPollBinder.declare(ConfigKeys::key);
        key("node.name", ValueType.STRING);
    }

    private ConfigKeys() {
    }

    private static void key(String path, ValueType type) {
        fileOnlyKey(path, type);
        if (path.contains(ITEM)) return; // keys inside items come with their list, never from a variable
        String previous = BY_ENV_NAME.put(envName(path), path);
        if (previous != null) {
            throw new IllegalStateException(path + " and " + previous + " share an environment variable name");
        }
    }

    /** A key only a file sets: one whose variable name another key has. */
    private static void fileOnlyKey(String path, ValueType type) {
        KEYS.put(path, type);
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            String section = path.substring(0, dot);
            if (section.endsWith(ITEM)) continue; // an item of an object list: checked through its list
            SECTIONS.add(section);
            ALL_PATHS.add(section);
        }
        ALL_PATHS.add(path);
    }

    /** The type of a key, null when {@code path} is not a key (it may still be a section). */
    static ValueType type(String path) {
        return KEYS.get(path);
    }

    static boolean isSection(String path) {
        return SECTIONS.contains(path);
    }

    /** Every key and section path outside object-list items, in the order declared, for "did you mean" suggestions. */
    static Set<String> allPaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (String p : ALL_PATHS) if (!p.contains(ITEM)) paths.add(p);
        return Collections.unmodifiableSet(paths);
    }

    /**
     * The key and section paths of one object-list item ({@code pusher.apps[]}), not those of lists inside it,
     * written under the item's place ({@code pusher.apps[2].key}), for suggestions inside that item.
     */
    static Set<String> itemPaths(String declaredItem, String place) {
        Set<String> paths = new LinkedHashSet<>();
        String prefix = declaredItem + ".";
        for (String p : ALL_PATHS) {
            if (p.startsWith(prefix) && !p.substring(prefix.length()).contains(ITEM)) {
                paths.add(place + p.substring(declaredItem.length()));
            }
        }
        return paths;
    }

    static Set<String> keys() {
        return Collections.unmodifiableSet(KEYS.keySet());
    }

    /** Names directly under a section ("" for the top level; {@code pusher.apps[]} for an item). */
    static Set<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        Set<String> names = new LinkedHashSet<>();
        for (String path : ALL_PATHS) {
            if (path.startsWith(prefix) && path.indexOf('.', prefix.length()) < 0) {
                names.add(path.substring(prefix.length()));
            }
        }
        return names;
    }

    static String envName(String path) {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The key an environment variable sets, or null. */
    static String keyOfEnvName(String name) {
        return BY_ENV_NAME.get(name);
    }
}
