package io.switchboard.protocol.proxy;

import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientError;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which proxy answers what, resolved from Centrifugo v6's config: {@code client.proxy.connect} and
 * {@code client.proxy.refresh} when enabled; per channel namespace the subscribe, publish and sub_refresh proxies
 * its {@code *_proxy_enabled} and {@code *_proxy_name} pick ("default" is {@code channel.proxy.<kind>}, another
 * name an item of {@code proxies[]}); per RPC namespace the RPC proxy ("default" is {@code rpc.proxy}).
 *
 * @param connect       null when off
 * @param refresh       null when off
 * @param namespaces    by channel namespace, "" for channels without one; a namespace not here has no proxies
 * @param rpcNamespaces by RPC namespace, "" for methods without one; a namespace not here is unknown (104)
 * @param rpcBoundary   what separates an RPC namespace from the method ({@code rpc.namespace_boundary}, ":")
 */
public record ProxySettings(ProxyEndpoint connect, ProxyEndpoint refresh, Map<String, ChannelProxies> namespaces,
                            Map<String, RpcProxy> rpcNamespaces, String rpcBoundary) {
    public static final ProxySettings NONE = new ProxySettings(null, null, Map.of(), Map.of("", new RpcProxy(null)), ":");

    /** A channel namespace's proxies; null for a kind not proxied. */
    public record ChannelProxies(ProxyEndpoint subscribe, ProxyEndpoint publish, ProxyEndpoint subRefresh) {
        static final ChannelProxies NONE = new ChannelProxies(null, null, null);
    }

    /** An RPC namespace's proxy; null when {@code proxy_enabled} is false (108). */
    public record RpcProxy(ProxyEndpoint proxy) {
    }

    /** Where an RPC goes: a proxy, or the error Centrifugo answers. */
    public record RpcRoute(ProxyEndpoint proxy, ClientError error) {
    }

    public ProxySettings {
        namespaces = Map.copyOf(namespaces);
        rpcNamespaces = Map.copyOf(rpcNamespaces);
        if (rpcBoundary == null) rpcBoundary = ":";
    }

    public ChannelProxies channel(String channel) {
        return namespaces.getOrDefault(ChannelRules.namespaceOf(channel), ChannelProxies.NONE);
    }

    /** Whether any RPC namespace is proxied: else RPCs are answered as without proxies. */
    public boolean rpcEnabled() {
        return rpcNamespaces.values().stream().anyMatch(r -> r.proxy() != null);
    }

    public RpcRoute rpc(String method) {
        String ns = !rpcBoundary.isEmpty() && method.contains(rpcBoundary)
                ? method.substring(0, method.indexOf(rpcBoundary)) : "";
        RpcProxy found = rpcNamespaces.get(ns);
        if (found == null) return new RpcRoute(null, ClientError.METHOD_NOT_FOUND);
        if (found.proxy() == null) return new RpcRoute(null, ClientError.NOT_AVAILABLE);
        return new RpcRoute(found.proxy(), null);
    }

    /** The transport headers some proxy forwards (lower case): what a connection keeps of its upgrade request. */
    public Set<String> forwardedHeaders() {
        Set<String> names = new LinkedHashSet<>();
        if (connect != null) names.addAll(connect.httpHeaders());
        if (refresh != null) names.addAll(refresh.httpHeaders());
        for (ChannelProxies c : namespaces.values()) {
            for (ProxyEndpoint p : new ProxyEndpoint[] {c.subscribe(), c.publish(), c.subRefresh()}) {
                if (p != null) names.addAll(p.httpHeaders());
            }
        }
        for (RpcProxy r : rpcNamespaces.values()) if (r.proxy() != null) names.addAll(r.proxy().httpHeaders());
        return names;
    }
}
