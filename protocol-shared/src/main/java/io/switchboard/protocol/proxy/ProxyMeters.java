package io.switchboard.protocol.proxy;

import io.switchboard.core.Meters;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Centrifugo's proxy metrics: every call timed in {@code centrifugo_proxy_duration_seconds}, and each that failed
 * (no answer in time, a status other than 200, a body that is no reply) counted in {@code centrifugo_proxy_errors},
 * labelled {@code protocol} ({@code http}, {@code grpc}), {@code type} ({@code connect}, {@code sub_refresh}, ...)
 * and {@code name} (the proxy's). A backend's error reply is an answer, not a failure. Resolved once per proxy and
 * type: a proxy call costs a map read, and nothing on the delivery path changes.
 */
final class ProxyMeters {
    static final String DURATION = "centrifugo_proxy_duration_seconds";
    static final String ERRORS = "centrifugo_proxy_errors";

    record Of(Meters.Timer duration, Meters.Count errors) {
    }

    private final Meters meters;
    private final ConcurrentHashMap<String, Of> resolved = new ConcurrentHashMap<>();

    ProxyMeters(Meters meters) {
        this.meters = meters;
    }

    /** The meters of one call: its method as the request names it ({@code SubRefresh}) and its proxy. */
    Of of(String method, ProxyEndpoint proxy) {
        String protocol = proxy.grpc() ? "grpc" : "http";
        return resolved.computeIfAbsent(method + '\0' + proxy.name() + '\0' + protocol, k -> {
            String type = type(method);
            String[] labels = {"protocol", protocol, "type", type, "name", proxy.name()};
            return new Of(meters.timer(DURATION, labels), meters.count(ERRORS, labels));
        });
    }

    /** Centrifugo's type label: {@code SubRefresh} is {@code sub_refresh}, {@code RPC} is {@code rpc}. */
    static String type(String method) {
        StringBuilder out = new StringBuilder(method.length() + 2);
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(method.charAt(i - 1))) out.append('_');
            out.append(c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
