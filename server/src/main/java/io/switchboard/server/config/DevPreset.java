package io.switchboard.server.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.ChannelOptions;
import io.switchboard.pusher.PusherApp;

import java.time.Duration;

/**
 * What {@code serve --dev} starts from, as a config tree so that a file given with it overrides key by key.
 * Everything open (every channel, in any namespace), bound to 127.0.0.1: for a developer's machine only.
 */
final class DevPreset {
    static final String HMAC_SECRET = "dev-secret";

    private DevPreset() {
    }

    static ObjectNode tree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("http_server").put("address", "127.0.0.1").put("port", 8000);
        ObjectNode client = root.putObject("client");
        client.putObject("token").put("hmac_secret_key", HMAC_SECRET);
        client.put("allow_anonymous_connect_without_token", true);
        client.putArray("allowed_origins").add("*");
        ObjectNode channel = root.putObject("channel");
        channel.set("without_namespace", options(ChannelOptions.openForDevelopment()));
        channel.set("unlisted_namespaces", options(ChannelOptions.openForDevelopment())); // chat:lobby works too
        root.putObject("http_api").put("insecure", true);
        root.putObject("health").put("enabled", true);
        for (String transport : new String[] {"http_stream", "sse", "uni_websocket", "uni_http_stream", "uni_sse", "sockjs"}) {
            root.putObject(transport).put("enabled", true);
        }
        ObjectNode pusher = root.putObject("pusher").put("enabled", true);
        pusher.putArray("apps").add(app(PusherApp.development()));
        root.putObject("socketcluster").put("enabled", true);
        root.putObject("admin").put("enabled", true).put("insecure", true);
        return root;
    }

    /** Soketi's default app ({@code app-id}/{@code app-key}/{@code app-secret}); a file's {@code pusher.apps} replaces it. */
    static ObjectNode app(PusherApp app) {
        return JsonNodeFactory.instance.objectNode()
                .put("id", app.id()).put("key", app.key()).put("secret", app.secret())
                .put("enable_client_messages", app.clientMessages())
                .put("enable_subscription_count", app.subscriptionCount());
    }

    static ObjectNode options(ChannelOptions options) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (ChannelOptionFields.Field f : ChannelOptionFields.ALL) {
            Object value = f.get().apply(options);
            if (value instanceof Boolean b) node.put(f.key(), b);
            else if (value instanceof Integer i) node.put(f.key(), i);
            else if (value instanceof Duration d) node.put(f.key(), Durations.format(d));
            else if (value instanceof java.util.List<?> list) list.forEach(item -> node.withArray(f.key()).add(String.valueOf(item)));
            else throw new IllegalStateException("no JSON form for " + f.key());
        }
        return node;
    }
}
