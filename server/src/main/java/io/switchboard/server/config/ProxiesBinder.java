package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ConfigSection;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxySettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Centrifugo v6's proxy keys → {@link ProxySettings}: {@code client.proxy.connect} and {@code .refresh} (with
 * {@code enabled}), {@code channel.proxy.subscribe}, {@code .publish}, {@code .sub_refresh}, {@code rpc.proxy}, the
 * named {@code proxies[]}, and the namespaces' {@code *_proxy_enabled}/{@code *_proxy_name} that pick them.
 */
final class ProxiesBinder {
    static final String[] CHANNEL_KINDS = {"subscribe", "publish", "sub_refresh"};
    /** The proxy keys a channel namespace (and {@code channel.without_namespace}) takes. */
    static final Map<String, ValueType> NAMESPACE_KEYS = namespaceKeys();

    private final ObjectNode root;
    private final Problems problems;
    private final Map<String, ProxyEndpoint> named = new LinkedHashMap<>();

    private ProxiesBinder(ObjectNode root, Problems problems) {
        this.root = root;
        this.problems = problems;
    }

    private static Map<String, ValueType> namespaceKeys() {
        Map<String, ValueType> keys = new LinkedHashMap<>();
        for (String kind : CHANNEL_KINDS) {
            keys.put(kind + "_proxy_enabled", ValueType.BOOLEAN);
            keys.put(kind + "_proxy_name", ValueType.STRING);
        }
        return keys;
    }

    static void declare(BiConsumer<String, ValueType> key) {
        key.accept("client.proxy.connect.enabled", ValueType.BOOLEAN);
        proxyKeys("client.proxy.connect.", key);
        key.accept("client.proxy.refresh.enabled", ValueType.BOOLEAN);
        proxyKeys("client.proxy.refresh.", key);
        for (String kind : CHANNEL_KINDS) proxyKeys("channel.proxy." + kind + ".", key);
        proxyKeys("rpc.proxy.", key);
        key.accept("proxies", ValueType.OBJECT_LIST);
        key.accept("proxies[].name", ValueType.STRING);
        proxyKeys("proxies[].", key);
        key.accept("rpc.namespace_boundary", ValueType.STRING);
        key.accept("rpc.without_namespace.proxy_enabled", ValueType.BOOLEAN);
        key.accept("rpc.without_namespace.proxy_name", ValueType.STRING);
        key.accept("rpc.namespaces", ValueType.OBJECT_LIST);
        key.accept("rpc.namespaces[].name", ValueType.STRING);
        key.accept("rpc.namespaces[].proxy_enabled", ValueType.BOOLEAN);
        key.accept("rpc.namespaces[].proxy_name", ValueType.STRING);
        NAMESPACE_KEYS.forEach((k, type) -> key.accept(ConfigKeys.WITHOUT_NAMESPACE + "." + k, type));
    }

    static void proxyKeys(String prefix, BiConsumer<String, ValueType> key) {
        key.accept(prefix + "endpoint", ValueType.STRING);
        key.accept(prefix + "timeout", ValueType.DURATION);
        key.accept(prefix + "http_headers", ValueType.STRING_LIST);
        key.accept(prefix + "emulated_headers", ValueType.STRING_LIST);
        key.accept(prefix + "http.static_headers", ValueType.STRING_MAP);
        key.accept(prefix + "include_connection_meta", ValueType.BOOLEAN);
        key.accept(prefix + "binary_encoding", ValueType.BOOLEAN);
    }

    /** Null when something was wrong (and reported). */
    static ProxySettings bind(ObjectNode root, Problems problems) {
        return new ProxiesBinder(root, problems).bind();
    }

    private ProxySettings bind() {
        SectionView top = new SectionView(root, "", problems);
        for (ConfigSection item : top.items("proxies")) {
            String name = item.string("name", "");
            if (name.isEmpty()) {
                item.error("name", "missing: every proxy in proxies needs a name");
                continue;
            }
            ProxyEndpoint p = endpoint(item, name, true);
            if (p != null && named.putIfAbsent(name, p) != null) item.error("name", "duplicate proxy name \"" + name + "\"");
        }
        ProxyEndpoint connect = enabled("client.proxy.connect");
        ProxyEndpoint refresh = enabled("client.proxy.refresh");

        Map<String, ProxySettings.ChannelProxies> namespaces = new LinkedHashMap<>();
        channelProxies(Trees.get(root, ConfigKeys.WITHOUT_NAMESPACE), "", ConfigKeys.WITHOUT_NAMESPACE, namespaces);
        JsonNode list = top.node(ConfigKeys.NAMESPACES, ValueType.NAMESPACE_LIST);
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode ns = list.get(i);
            JsonNode name = ns.get(ConfigKeys.NAMESPACE_NAME);
            if (ns.isObject() && name != null && name.isTextual()) {
                channelProxies(ns, name.textValue(), ConfigKeys.NAMESPACES + "[" + i + "]", namespaces);
            }
        }

        Map<String, ProxySettings.RpcProxy> rpc = new LinkedHashMap<>();
        rpc.put("", rpcProxy(new SectionView(root, "rpc.without_namespace", problems)));
        for (ConfigSection item : new SectionView(root, "rpc", problems).items("namespaces")) {
            String name = item.string("name", "");
            if (name.isEmpty()) {
                item.error("name", "missing: every rpc namespace needs a name");
            } else if (rpc.containsKey(name)) {
                item.error("name", "duplicate rpc namespace \"" + name + "\"");
            } else {
                rpc.put(name, rpcProxy(item));
            }
        }
        String boundary = top.string("rpc.namespace_boundary", ":");
        if (problems.hasErrors()) return null;
        return new ProxySettings(connect, refresh, namespaces, rpc, boundary);
    }

    private ProxyEndpoint enabled(String section) {
        SectionView s = new SectionView(root, section, problems);
        if (!s.bool("enabled", false)) return null;
        return endpoint(s, ProxyEndpoint.DEFAULT_NAME, true);
    }

    /** A proxy's endpoint and options; null (reported when {@code required}) without an endpoint. */
    private ProxyEndpoint endpoint(ConfigSection s, String name, boolean required) {
        String endpoint = s.string("endpoint", "");
        if (endpoint.isEmpty()) {
            if (required) s.error("endpoint", "missing: the proxy needs an http://, https:// or grpc://host:port endpoint");
            return null;
        }
        if (endpoint.startsWith("grpc://")) {
            if (!endpoint.substring("grpc://".length()).matches("[^/\\s]+:\\d+")) {
                s.error("endpoint", "\"" + endpoint + "\" is not a grpc://host:port address");
                return null;
            }
        } else if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            s.error("endpoint", "\"" + endpoint + "\" is not an http://, https:// or grpc:// address");
            return null;
        }
        try {
            java.net.URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            s.error("endpoint", "\"" + endpoint + "\" is not a valid URL");
            return null;
        }
        Duration timeout = s.duration("timeout", ProxyEndpoint.DEFAULT_TIMEOUT);
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            s.error("timeout", "must be positive");
            return null;
        }
        return new ProxyEndpoint(name, endpoint, timeout == null ? ProxyEndpoint.DEFAULT_TIMEOUT : timeout,
                s.strings("http_headers", List.of()), s.strings("emulated_headers", List.of()),
                s.stringMap("http.static_headers"), s.bool("include_connection_meta", false),
                s.bool("binary_encoding", false));
    }

    /**
     * The proxy a shared poll namespace's {@code proxy_name} picks ({@code key} is where it was set); null when
     * there is none (reported). Problems of {@code proxies[]} itself are {@link #bind}'s to report.
     */
    static ProxyEndpoint sharedPollProxy(ObjectNode root, String key, String name, String defaultSection,
                                         Problems problems) {
        ProxiesBinder b = new ProxiesBinder(root, new Problems());
        for (ConfigSection item : new SectionView(root, "", b.problems).items("proxies")) {
            String n = item.string("name", "");
            ProxyEndpoint p = n.isEmpty() ? null : b.endpoint(item, n, true);
            if (p != null) b.named.putIfAbsent(n, p);
        }
        if (name.isEmpty() || name.equals(ProxyEndpoint.DEFAULT_NAME)) {
            ProxyEndpoint p = new ProxiesBinder(root, problems).endpoint(new SectionView(root, defaultSection, problems),
                    ProxyEndpoint.DEFAULT_NAME, false);
            if (p == null && !problems.hasErrors()) problems.error(key, "no proxy: " + defaultSection + ".endpoint is not set");
            return p;
        }
        ProxyEndpoint p = b.named.get(name);
        if (p == null) problems.error(key, "no proxy named \"" + name + "\" in proxies");
        return p;
    }

    /** The proxy a name picks: "default" is the kind's own section, another an item of {@code proxies}. */
    private ProxyEndpoint picked(String key, String name, String defaultSection) {
        if (name.isEmpty() || name.equals(ProxyEndpoint.DEFAULT_NAME)) {
            ProxyEndpoint p = endpoint(new SectionView(root, defaultSection, problems), ProxyEndpoint.DEFAULT_NAME, false);
            if (p == null && !problems.hasErrors()) {
                problems.error(key, "the proxy is enabled but " + defaultSection + ".endpoint is not set");
            }
            return p;
        }
        ProxyEndpoint p = named.get(name);
        if (p == null) problems.error(key, "no proxy named \"" + name + "\" in proxies");
        return p;
    }

    private void channelProxies(JsonNode ns, String name, String prefix,
                                Map<String, ProxySettings.ChannelProxies> out) {
        if (ns == null || !ns.isObject()) return;
        ProxyEndpoint[] picked = new ProxyEndpoint[CHANNEL_KINDS.length];
        boolean any = false;
        for (int k = 0; k < CHANNEL_KINDS.length; k++) {
            JsonNode enabled = ns.get(CHANNEL_KINDS[k] + "_proxy_enabled");
            if (enabled == null || !enabled.isBoolean() || !enabled.booleanValue()) continue;
            JsonNode proxyName = ns.get(CHANNEL_KINDS[k] + "_proxy_name");
            String n = proxyName != null && proxyName.isTextual() ? proxyName.textValue() : "";
            picked[k] = picked(prefix + "." + CHANNEL_KINDS[k] + "_proxy_name", n, "channel.proxy." + CHANNEL_KINDS[k]);
            any |= picked[k] != null;
        }
        if (any) out.put(name, new ProxySettings.ChannelProxies(picked[0], picked[1], picked[2]));
    }

    private ProxySettings.RpcProxy rpcProxy(ConfigSection s) {
        if (!s.bool("proxy_enabled", false)) return new ProxySettings.RpcProxy(null);
        return new ProxySettings.RpcProxy(picked(s.name() + ".proxy_name", s.string("proxy_name", ""), "rpc.proxy"));
    }
}
