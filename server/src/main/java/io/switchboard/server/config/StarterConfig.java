package io.switchboard.server.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The config {@code genconfig} writes: fresh secrets, one example origin, one example namespace and one example
 * Pusher app (with Pusher off until {@code pusher.enabled} is set), SocketCluster, the admin page and metrics off.
 */
public final class StarterConfig {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StarterConfig() {
    }

    public static ObjectNode create() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        // the door's deadlines, shown so an operator finds them; max_connections follows ulimit -n unless set
        root.putObject("http_server").put("address", "127.0.0.1").put("port", 8000)
                .put("read_header_timeout", "10s").put("idle_timeout", "120s");
        ObjectNode client = root.putObject("client");
        client.putObject("token").put("hmac_secret_key", hmacSecret());
        client.putArray("allowed_origins").add("http://localhost:3000");
        ObjectNode chat = root.putObject("channel").putArray("namespaces").addObject();
        chat.put("name", "chat")
                .put("presence", true)
                .put("join_leave", true)
                .put("history_size", 100)
                .put("history_ttl", "300s")
                .put("force_recovery", true)
                .put("allow_subscribe_for_client", true)
                .put("allow_publish_for_subscriber", true)
                .put("allow_presence_for_subscriber", true)
                .put("allow_history_for_subscriber", true);
        root.putObject("http_api").put("key", UUID.randomUUID().toString());
        ObjectNode pusher = root.putObject("pusher").put("enabled", false);
        pusher.putArray("apps").addObject()
                .put("id", "app-1")
                .put("key", hex(10))
                .put("secret", hex(10))
                .put("enable_client_messages", false);
        root.putObject("socketcluster").put("enabled", false);
        // off until enabled; the admin page's password and secret are fresh, so enabling it is one edit
        root.putObject("admin").put("enabled", false).put("password", hex(12)).put("secret", hmacSecret());
        root.putObject("prometheus").put("enabled", false);
        root.putObject("log").put("level", "info");
        return root;
    }

    /** Random hex, as Pusher's own app keys and secrets are (20 characters for 10 bytes). */
    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** 256 random bits, base64url: as strong as HS256 can use, and safe in JSON, YAML and shells. */
    private static String hmacSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
