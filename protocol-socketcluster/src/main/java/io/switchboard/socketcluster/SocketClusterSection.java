package io.switchboard.socketcluster;

import io.switchboard.protocol.ConfigSection;
import io.switchboard.protocol.ConfigSection.Type;
import io.switchboard.protocol.ProtocolConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code socketcluster} section of the standalone server's config, named after socketcluster-server's options. */
public final class SocketClusterSection implements ProtocolConfig<SocketClusterSettings> {
    public static final SocketClusterSection INSTANCE = new SocketClusterSection();

    private static final Map<String, Type> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("enabled", Type.BOOLEAN);
        KEYS.put("path", Type.STRING);
        KEYS.put("protocol_version", Type.INTEGER);
        KEYS.put("ping_interval", Type.DURATION);
        KEYS.put("ping_timeout", Type.DURATION);
        KEYS.put("handshake_timeout", Type.DURATION);
        KEYS.put("allowed_origins", Type.STRING_LIST);
        KEYS.put("max_message_size", Type.INTEGER);
        KEYS.put("channel_limit", Type.INTEGER);
    }

    private SocketClusterSection() {
    }

    @Override
    public String section() {
        return "socketcluster";
    }

    @Override
    public Map<String, Type> keys() {
        return KEYS;
    }

    @Override
    public SocketClusterSettings read(ConfigSection s, ClientSettings client) {
        SocketClusterSettings d = SocketClusterSettings.defaults();
        boolean enabled = s.bool("enabled", false);
        String path = s.string("path", d.path());
        if (!path.startsWith("/")) s.error("path", "\"" + path + "\" must start with /");
        Integer version = s.integer("protocol_version", d.protocolVersion(), 1, 2);
        Duration interval = s.duration("ping_interval", d.pingInterval());
        Duration timeout = s.duration("ping_timeout", d.pingTimeout());
        Duration handshake = s.duration("handshake_timeout", d.handshakeTimeout());
        positive(s, "ping_interval", interval);
        positive(s, "ping_timeout", timeout);
        positive(s, "handshake_timeout", handshake);
        if (interval != null && timeout != null && interval.compareTo(timeout) >= 0) {
            s.error("ping_interval", "must be shorter than socketcluster.ping_timeout: a client closes 4000 when no ping comes within it");
        }
        List<String> origins = s.strings("allowed_origins", client.allowedOrigins());
        Integer maxMessage = s.integer("max_message_size", d.maxMessageBytes(), 1, Integer.MAX_VALUE);
        Integer channelLimit = s.integer("channel_limit", d.channelLimit(), 1, Integer.MAX_VALUE);
        if (!enabled || s.hasErrors() || version == null || interval == null || timeout == null || handshake == null
                || maxMessage == null || channelLimit == null) {
            return null;
        }
        long queue = client.queueMaxSize() == null ? d.queueMaxBytes() : client.queueMaxSize();
        return new SocketClusterSettings(path, version, interval, timeout, handshake, origins, maxMessage, channelLimit, queue);
    }

    private static void positive(ConfigSection s, String key, Duration v) {
        if (v != null && v.toMillis() < 1) s.error(key, "must be at least 1ms");
    }
}
