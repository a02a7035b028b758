package io.switchboard.protocol.proxy;

import io.switchboard.json.JsonStrings;
import io.switchboard.json.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The JSON bodies of proxy requests, field for field as Centrifugo writes them (its proxy.proto messages through
 * Go's encoder: empty fields left out, except {@code user} after connect; payloads as raw JSON, or base64 under
 * {@code b64data} with {@code binary_encoding}).
 */
final class ProxyRequests {
    /** A payload that is not JSON cannot travel as raw JSON: the call fails as Centrifugo's encoder does. */
    static final class NotJson extends Exception {
        NotJson() {
            super("data is not JSON (set binary_encoding for binary payloads)", null, false, false);
        }
    }

    private final StringBuilder out = new StringBuilder(256);
    private final ProxyEndpoint proxy;

    private ProxyRequests(ProxyEndpoint proxy, ProxyCaller caller) {
        this.proxy = proxy;
        out.append('{');
        string("client", caller.client());
        string("transport", caller.transport());
        string("protocol", caller.protocol());
        string("encoding", proxy.encoding());
    }

    static byte[] connect(ProxyEndpoint proxy, ProxyCaller caller, byte[] data, String name, String version,
                          List<String> channels) throws NotJson {
        ProxyRequests r = new ProxyRequests(proxy, caller);
        r.payload(data);
        r.string("name", name);
        r.string("version", version);
        if (channels != null && !channels.isEmpty()) {
            r.key("channels").append('[');
            for (int i = 0; i < channels.size(); i++) {
                if (i > 0) r.out.append(',');
                JsonStrings.quote(channels.get(i), r.out);
            }
            r.out.append(']');
        }
        return r.done();
    }

    static byte[] refresh(ProxyEndpoint proxy, ProxyCaller caller) throws NotJson {
        ProxyRequests r = new ProxyRequests(proxy, caller);
        r.user(caller.user());
        r.meta(caller);
        return r.done();
    }

    static byte[] subscribe(ProxyEndpoint proxy, ProxyCaller caller, String channel, String token, byte[] data)
            throws NotJson {
        ProxyRequests r = new ProxyRequests(proxy, caller);
        r.user(caller.user());
        r.string("channel", channel);
        r.string("token", token);
        r.meta(caller);
        r.payload(data);
        return r.done();
    }

    static byte[] publish(ProxyEndpoint proxy, ProxyCaller caller, String channel, byte[] data) throws NotJson {
        ProxyRequests r = new ProxyRequests(proxy, caller);
        r.user(caller.user());
        r.string("channel", channel);
        r.payload(data);
        r.meta(caller);
        return r.done();
    }

    static byte[] rpc(ProxyEndpoint proxy, ProxyCaller caller, String method, byte[] data) throws NotJson {
        ProxyRequests r = new ProxyRequests(proxy, caller);
        r.user(caller.user());
        r.string("method", method);
        r.payload(data);
        r.meta(caller);
        return r.done();
    }

    static byte[] subRefresh(ProxyEndpoint proxy, ProxyCaller caller, String channel) throws NotJson {
        ProxyRequests r = new ProxyRequests(proxy, caller);
        r.user(caller.user());
        r.string("channel", channel);
        r.meta(caller);
        return r.done();
    }

    /** Centrifugo's shared poll refresh: the channel and the keys to refresh, each with its known version. */
    static byte[] sharedPollRefresh(ProxyEndpoint proxy, String channel, List<PolledKey> keys) {
        ProxyRequests r = new ProxyRequests(proxy, SERVER_CALLER);
        r.string("channel", channel);
        r.key("items").append('[');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) r.out.append(',');
            r.out.append("{\"key\":");
            JsonStrings.quote(keys.get(i).key(), r.out);
            if (keys.get(i).version() > 0) r.out.append(",\"version\":").append(keys.get(i).version());
            r.out.append('}');
        }
        r.out.append(']');
        return r.done();
    }

    /** The server itself, for calls no connection makes. */
    static final ProxyCaller SERVER_CALLER = new ProxyCaller("", "", "", "", null, null, null);

    private StringBuilder key(String name) {
        if (out.length() > 1) out.append(',');
        JsonStrings.quote(name, out);
        return out.append(':');
    }

    private void string(String name, String value) {
        if (value == null || value.isEmpty()) return;
        JsonStrings.quote(value, key(name));
    }

    /** {@code user} is always written after connect: "" is the anonymous user. */
    private void user(String value) {
        JsonStrings.quote(value == null ? "" : value, key("user"));
    }

    private void meta(ProxyCaller caller) throws NotJson {
        if (proxy.includeConnectionMeta() && caller.meta() != null) raw("meta", caller.meta());
    }

    private void payload(byte[] data) throws NotJson {
        if (data == null || data.length == 0) return;
        if (proxy.binaryEncoding()) string("b64data", Base64.getEncoder().encodeToString(data));
        else raw("data", data);
    }

    private void raw(String name, byte[] json) throws NotJson {
        String text = new String(json, StandardCharsets.UTF_8);
        try {
            JsonTree.parse(text);
        } catch (IOException e) {
            throw new NotJson();
        }
        key(name).append(text.strip());
    }

    private byte[] done() {
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
