package io.switchboard.socketio;

import io.switchboard.protocol.ConfigSection;
import io.switchboard.protocol.ConfigSection.Type;
import io.switchboard.protocol.ProtocolConfig;
import io.switchboard.socketio.engine.EngineIoOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code socketio} section of the standalone server's config: names and defaults of socket.io's own options. */
public final class SocketIoSection implements ProtocolConfig<SocketIoSettings> {
    public static final SocketIoSection INSTANCE = new SocketIoSection();

    private static final Map<String, Type> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("enabled", Type.BOOLEAN);
        KEYS.put("path", Type.STRING);
        KEYS.put("ping_interval", Type.DURATION);
        KEYS.put("ping_timeout", Type.DURATION);
        KEYS.put("upgrade_timeout", Type.DURATION);
        KEYS.put("connect_timeout", Type.DURATION);
        KEYS.put("ack_timeout", Type.DURATION);
        KEYS.put("max_http_buffer_size", Type.INTEGER);
        KEYS.put("transports", Type.STRING_LIST);
        KEYS.put("allow_eio3", Type.BOOLEAN);
        KEYS.put("allowed_origins", Type.STRING_LIST);
        KEYS.put("cors_credentials", Type.BOOLEAN);
        KEYS.put("cookie", Type.STRING);
        KEYS.put("namespaces", Type.STRING_LIST);
        KEYS.put("channel_events", Type.BOOLEAN);
        KEYS.put("connection_state_recovery.enabled", Type.BOOLEAN);
        KEYS.put("connection_state_recovery.max_disconnection_duration", Type.DURATION);
        KEYS.put("connection_state_recovery.skip_middlewares", Type.BOOLEAN);
    }

    private SocketIoSection() {
    }

    @Override
    public String section() {
        return "socketio";
    }

    @Override
    public Map<String, Type> keys() {
        return KEYS;
    }

    @Override
    public SocketIoSettings read(ConfigSection s, ClientSettings client) {
        Duration pingInterval = s.duration("ping_interval", Duration.ofSeconds(25));
        Duration pingTimeout = s.duration("ping_timeout", Duration.ofSeconds(20));
        Duration upgradeTimeout = s.duration("upgrade_timeout", Duration.ofSeconds(10));
        Duration connectTimeout = s.duration("connect_timeout", Duration.ofSeconds(45));
        Duration ackTimeout = s.duration("ack_timeout", Duration.ofSeconds(10));
        Integer maxBuffer = s.integer("max_http_buffer_size", 1_000_000, 1, Integer.MAX_VALUE);
        List<String> transports = s.strings("transports", List.of("polling", "websocket"));
        for (String t : transports) {
            if (!t.equals("polling") && !t.equals("websocket")) {
                s.error("transports", "\"" + t + "\" is not a transport (allowed: polling, websocket)");
            }
        }
        if (transports.isEmpty()) s.error("transports", "must name polling, websocket or both");
        boolean eio3 = s.bool("allow_eio3", true);
        List<String> origins = s.strings("allowed_origins", client.allowedOrigins());
        boolean credentials = s.bool("cors_credentials", false);
        String cookie = s.string("cookie", "");
        List<String> namespaces = s.strings("namespaces", List.of("/"));
        for (String ns : namespaces) {
            if (!ns.startsWith("/")) s.error("namespaces", "\"" + ns + "\" must start with /");
        }
        String path = s.string("path", SocketIoServer.DEFAULT_PATH);
        if (!path.startsWith("/")) s.error("path", "\"" + path + "\" must start with /");
        boolean channelEvents = s.bool("channel_events", true);
        boolean recovery = s.bool("connection_state_recovery.enabled", false);
        Duration maxDisconnection = s.duration("connection_state_recovery.max_disconnection_duration",
                Duration.ofMinutes(2));
        boolean skipMiddlewares = s.bool("connection_state_recovery.skip_middlewares", true);
        if (pingInterval != null && pingInterval.isZero()) s.error("ping_interval", "must be greater than 0");
        if (pingTimeout != null && pingTimeout.isZero()) s.error("ping_timeout", "must be greater than 0");
        if (!s.bool("enabled", true) || s.hasErrors() || pingInterval == null || pingTimeout == null
                || upgradeTimeout == null || connectTimeout == null || ackTimeout == null || maxBuffer == null
                || maxDisconnection == null || client.queueMaxSize() == null) {
            return null;
        }
        EngineIoOptions engine = EngineIoOptions.defaults()
                .withPing(pingInterval, pingTimeout)
                .withUpgradeTimeout(upgradeTimeout)
                .withMaxHttpBufferSize(maxBuffer)
                .withTransports(transports.contains("polling"), transports.contains("websocket"))
                .withAllowEio3(eio3)
                .withCors(origins, credentials)
                .withCookie(cookie);
        SocketIoOptions options = SocketIoOptions.defaults()
                .withEngine(engine)
                .withConnectTimeout(connectTimeout)
                .withAckTimeout(ackTimeout)
                .withChannelEvents(channelEvents)
                .withInsecure(client.insecure())
                .withMaxQueuedBytes(client.queueMaxSize())
                .withRecovery(recovery, maxDisconnection, skipMiddlewares);
        return new SocketIoSettings(options, path, namespaces);
    }
}
