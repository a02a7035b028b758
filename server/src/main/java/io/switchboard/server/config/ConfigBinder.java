package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.Endpoints;
import io.switchboard.transport.sockjs.SockJsOptions;
import io.switchboard.auth.TokenKeys;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.core.ChannelRules;
import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.server.Switchboard;
import io.switchboard.server.admin.AdminSettings;
import io.switchboard.protocol.ProtocolConfig;
import io.switchboard.protocol.proxy.ProxySettings;
import io.switchboard.pusher.PusherSection;
import io.switchboard.pusher.PusherSettings;
import io.switchboard.socketcluster.SocketClusterSection;
import io.switchboard.socketcluster.SocketClusterSettings;
import io.switchboard.socketio.SocketIoSection;
import io.switchboard.socketio.SocketIoSettings;
import io.switchboard.transport.ConnectionLimits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A shape-checked tree → {@link SwitchboardConfig}: defaults for missing keys, ranges, allowed values and the
 * checks across keys. Wrong JSON types were reported by {@link KeyCheck}; here they read as missing.
 */
final class ConfigBinder {
    static final Set<String> LOG_LEVELS = Set.of("none", "trace", "debug", "info", "warn", "error");

    private final ObjectNode root;
    private final Problems problems;
    private final SectionView top;

    ConfigBinder(ObjectNode root, Problems problems) {
        this.root = root;
        this.problems = problems;
        this.top = new SectionView(root, "", problems);
    }

    /** Null when anything was wrong; the problems say what. */
    SwitchboardConfig bind(boolean dev) {
        String address = top.string("http_server.address", "127.0.0.1");
        Integer port = top.integer("http_server.port", 8000, 0, 65535);
        Duration readHeaderTimeout = top.duration("http_server.read_header_timeout",
                ConnectionLimits.DEFAULT_READ_HEADER_TIMEOUT);
        Duration idleTimeout = top.duration("http_server.idle_timeout", ConnectionLimits.DEFAULT_IDLE_TIMEOUT);
        Integer maxConnections = top.integer("http_server.max_connections", ConnectionLimits.defaultMaxConnections(),
                0, Integer.MAX_VALUE);

        TokenKeys connectionKeys = tokenKeys("client.token");
        boolean subscriptionEnabled = top.bool("client.subscription_token.enabled", false);
        TokenKeys subscriptionKeys = tokenKeys("client.subscription_token");
        List<String> origins = top.strings("client.allowed_origins", List.of());
        boolean clientInsecure = top.bool("client.insecure", false);
        boolean anonymous = top.bool("client.allow_anonymous_connect_without_token", false);
        Duration ping = top.duration("client.ping_interval", Duration.ofSeconds(25));
        Duration pong = top.duration("client.pong_timeout", Duration.ofSeconds(8));
        Duration stale = top.duration("client.stale_close_delay", Duration.ofSeconds(10));
        Duration expired = top.duration("client.expired_close_delay", Duration.ofSeconds(25));
        Integer channelLimit = top.integer("client.channel_limit", 128, 1, Integer.MAX_VALUE);
        Integer queueMaxSize = top.integer("client.queue_max_size", 1 << 20, 1, Integer.MAX_VALUE);
        Integer concurrency = top.integer("client.concurrency", 0, 0, Integer.MAX_VALUE);
        Integer historyLimit = top.integer("client.history_max_publication_limit", 300, 0, Integer.MAX_VALUE);
        Integer recoveryLimit = top.integer("client.recovery_max_publication_limit", 300, 0, Integer.MAX_VALUE);
        Integer messageSizeLimit = top.integer("websocket.message_size_limit", 65536, 1, Integer.MAX_VALUE);
        Endpoints endpoints = new Endpoints(!top.bool("websocket.disabled", false), top.bool("http_stream.enabled", false),
                top.bool("sse.enabled", false), top.bool("uni_websocket.enabled", false), top.bool("uni_http_stream.enabled", false),
                top.bool("uni_sse.enabled", false), top.bool("sockjs.enabled", false));
        Duration sockJsHeartbeat = top.duration("sockjs.heartbeat_delay", Duration.ofSeconds(25));
        Duration sockJsDisconnect = top.duration("sockjs.disconnect_delay", Duration.ofSeconds(5));
        String sockJsUrl = top.string("sockjs.url", SockJsOptions.DEFAULT_CLIENT_SCRIPT);
        if (ping != null && pong != null && ping.compareTo(pong) <= 0) {
            problems.error("client.ping_interval", Durations.format(ping)
                    + " must be greater than client.pong_timeout (" + Durations.format(pong) + ")");
        }

        Integer maxLength = top.integer("channel.max_length", 255, 1, Integer.MAX_VALUE);
        ChannelRules channels = new ChannelsBinder(problems).bind(maxLength,
                Trees.get(root, ConfigKeys.WITHOUT_NAMESPACE), top.node(ConfigKeys.NAMESPACES, ValueType.NAMESPACE_LIST),
                Trees.get(root, ConfigKeys.UNLISTED_NAMESPACES));

        boolean uniGrpcEnabled = top.bool("uni_grpc.enabled", false);
        String uniGrpcAddress = top.string("uni_grpc.address", address);
        Integer uniGrpcPort = top.integer("uni_grpc.port", 11000, 0, 65535);
        HttpServerConfig uniGrpc = uniGrpcEnabled && uniGrpcPort != null
                ? new HttpServerConfig(uniGrpcAddress, uniGrpcPort) : null;
        boolean bidiGrpcEnabled = top.bool("grpc_bidi.enabled", false);
        String bidiGrpcAddress = top.string("grpc_bidi.address", address);
        Integer bidiGrpcPort = top.integer("grpc_bidi.port", 11001, 0, 65535);
        HttpServerConfig bidiGrpc = bidiGrpcEnabled && bidiGrpcPort != null
                ? new HttpServerConfig(bidiGrpcAddress, bidiGrpcPort) : null;
        boolean grpcApiEnabled = top.bool("grpc_api.enabled", false);
        String grpcApiAddress = top.string("grpc_api.address", address);
        Integer grpcApiPort = top.integer("grpc_api.port", 10000, 0, 65535);
        String grpcApiKey = top.string("grpc_api.key", "");
        boolean grpcApiInsecure = top.bool("grpc_api.insecure", false);
        if (grpcApiEnabled && !grpcApiInsecure && grpcApiKey.isEmpty()) {
            problems.error("grpc_api.key", "is required when grpc_api.enabled is true (or set grpc_api.insecure)");
        }
        GrpcApiConfig grpcApi = grpcApiEnabled && grpcApiPort != null
                ? new GrpcApiConfig(grpcApiAddress, grpcApiPort, grpcApiKey, grpcApiInsecure) : null;
        ProtocolConfig.ClientSettings clientSettings = new ProtocolConfig.ClientSettings(origins, clientInsecure, queueMaxSize);
        SocketIoSettings socketIo = read(SocketIoSection.INSTANCE, clientSettings);
        PusherSettings pusher = read(PusherSection.INSTANCE, clientSettings);
        SocketClusterSettings socketCluster = read(SocketClusterSection.INSTANCE, clientSettings);
        HttpApiConfig httpApi = new HttpApiConfig(top.string("http_api.key", ""), top.bool("http_api.insecure", false));
        boolean health = top.bool("health.enabled", true);
        boolean prometheus = top.bool("prometheus.enabled", false);
        ConfigWarnings.prometheus(top.bool("prometheus.instrument_http_handlers", false),
                top.bool("prometheus.native_histograms", false), problems);
        String levelKey = top.node("log.level", ValueType.STRING) == null && top.node("log_level", ValueType.STRING) != null
                ? "log_level" : "log.level"; // Centrifugo v5's name, still read
        String logLevel = oneOf(levelKey, "info", LOG_LEVELS,
                "is not a log level (allowed: none, trace, debug, info, warn, error)");
        String logFormat = oneOf("log.format", "text", Set.of("text", "json"), "is not a log format (allowed: text, json)");
        LogSettings log = new LogSettings(logLevel, top.string("log.file", null), "json".equals(logFormat));
        String engine = oneOf("engine.type", "memory", EngineBinder.ENGINES, "is not an engine (allowed: memory, redis)");
        RedisSettings redis = EngineBinder.redis(engine, top, problems);
        Duration redisMaps = MapBrokerBinder.redisCleanup(top, redis, problems);
        Duration positionCheck = top.duration("client.channel_position_check_delay", Duration.ofSeconds(40));
        if (positionCheck != null && positionCheck.toMillis() < 100) {
            problems.error("client.channel_position_check_delay", "must be at least 100ms");
        }
        String nodeName = top.string("node.name", null);
        Duration drainDelay = top.duration("shutdown.drain_delay", Duration.ZERO);
        AdminSettings admin = AdminBinder.admin(top, problems);
        ProxySettings proxies = ProxiesBinder.bind(root, problems);
        io.switchboard.centrifugo.SharedPollSettings sharedPoll = SharedPollBinder.bind(root, problems);

        if (problems.hasErrors()) return null;
        CentrifugoOptions client = new CentrifugoOptions(ping, pong, stale, expired, channelLimit, queueMaxSize,
                messageSizeLimit, historyLimit, recoveryLimit, clientInsecure, anonymous, connectionKeys,
                subscriptionEnabled ? subscriptionKeys : null, origins, Switchboard.VERSION, concurrency);
        ConfigWarnings.add(client, httpApi, subscriptionEnabled, subscriptionKeys, problems);
        ConnectionLimits limits = new ConnectionLimits(readHeaderTimeout, idleTimeout, maxConnections);
        return new SwitchboardConfig(new HttpServerConfig(address, port, limits), channels, client, httpApi, health,
                log, engine, redis, redisMaps, positionCheck, drainDelay, nodeName != null ? nodeName : hostname(), dev, endpoints,
                SockJsOptions.defaults().withHeartbeat(sockJsHeartbeat).withDisconnectDelay(sockJsDisconnect)
                        .withClientScriptUrl(sockJsUrl), uniGrpc, bidiGrpc, grpcApi, socketIo, pusher,
                socketCluster, admin, proxies, sharedPoll, prometheus, problems.warnings());
    }

    private <S> S read(ProtocolConfig<S> protocol, ProtocolConfig.ClientSettings client) {
        return protocol.read(new SectionView(root, protocol.section(), problems), client);
    }

    private TokenKeys tokenKeys(String section) {
        String rsa = top.string(section + ".rsa_public_key", null);
        String ecdsa = top.string(section + ".ecdsa_public_key", null);
        checkPem(section + ".rsa_public_key", new TokenKeys(null, rsa, null, null, null));
        checkPem(section + ".ecdsa_public_key", new TokenKeys(null, null, ecdsa, null, null));
        return new TokenKeys(top.string(section + ".hmac_secret_key", null), rsa, ecdsa,
                top.string(section + ".audience", null), top.string(section + ".issuer", null));
    }

    // The verifier parses PEM keys up front; doing it here turns a bad key into a config error, not a crash at start.
    private void checkPem(String key, TokenKeys keys) {
        try {
            new TokenVerifier(keys);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            problems.error(key, message.substring(message.indexOf(": ") + 2));
        }
    }

    private String oneOf(String path, String defaultValue, Set<String> allowed, String complaint) {
        JsonNode node = top.node(path, ValueType.STRING);
        if (node == null) return defaultValue;
        String value = node.textValue().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            problems.error(path, node + " " + complaint);
            return null;
        }
        return value;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "switchboard";
        }
    }
}
