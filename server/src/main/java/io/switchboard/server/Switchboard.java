package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.Centrifugo;
import io.switchboard.centrifugo.Endpoints;
import io.switchboard.transport.sockjs.SockJsOptions;
import io.switchboard.centrifugo.RpcHandler;
import io.switchboard.centrifugo.UniGrpcServer;
import io.switchboard.centrifugo.BidiGrpcServer;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import io.switchboard.engine.redis.RedisEngine;
import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.protocol.ChannelPolicy;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxySettings;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.pusher.ChannelType;
import io.switchboard.pusher.Pusher;
import io.switchboard.pusher.PusherApp;
import io.switchboard.pusher.PusherApps;
import io.switchboard.pusher.PusherSettings;
import io.switchboard.pusher.webhook.WebhookSink;
import io.switchboard.server.admin.AdminPage;
import io.switchboard.server.admin.AdminSettings;
import io.switchboard.server.api.ServerApi;
import io.switchboard.socketcluster.SocketClusterServer;
import io.switchboard.socketcluster.SocketClusterSettings;
import io.switchboard.server.config.GrpcApiConfig;
import io.switchboard.server.grpc.GrpcApiServer;
import io.switchboard.socketio.Namespace;
import io.switchboard.socketio.SocketIoOptions;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.engine.EngineIoOptions;
import io.switchboard.socketio.engine.EngineIoServer;
import io.switchboard.socketio.engine.EngineIoSocket;
import io.switchboard.transport.ConnectionLimits;
import io.switchboard.transport.HttpServer;
import io.switchboard.transport.Router;
import io.switchboard.server.metrics.PrometheusMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running Switchboard: one node, its engine, the client protocols and the server API on one HTTP port.
 * The standalone server builds one from its config; an application embeds one with the builder.
 */
public final class Switchboard implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Switchboard.class);
    public static final String VERSION = "0.1.0";

    private final Node node;
    private final HttpServer http;
    private final UniGrpcServer uniGrpc;
    private final BidiGrpcServer bidiGrpc;
    private final GrpcApiServer grpcApi;
    private final SocketIoServer socketIo;
    private final Pusher pusher;
    private final SocketClusterServer socketCluster;
    private final List<ProtocolModule> protocols;
    private final List<EngineIoServer> engineIo;
    private final ClientAccess access;
    private final java.util.concurrent.atomic.AtomicBoolean draining;
    private final Duration drainDelay;
    private final PrometheusMetrics metrics;
    private final Proxies proxies;

    private Switchboard(Node node, HttpServer http, UniGrpcServer uniGrpc, BidiGrpcServer bidiGrpc, GrpcApiServer grpcApi, SocketIoServer socketIo,
                        Pusher pusher, SocketClusterServer socketCluster, List<ProtocolModule> protocols,
                        List<EngineIoServer> engineIo, ClientAccess access,
                        java.util.concurrent.atomic.AtomicBoolean draining, Duration drainDelay, PrometheusMetrics metrics,
                        Proxies proxies) {
        this.node = node;
        this.proxies = proxies;
        this.draining = draining;
        this.drainDelay = drainDelay;
        this.metrics = metrics;
        this.access = access;
        this.http = http;
        this.uniGrpc = uniGrpc;
        this.bidiGrpc = bidiGrpc;
        this.grpcApi = grpcApi;
        this.socketIo = socketIo;
        this.pusher = pusher;
        this.socketCluster = socketCluster;
        this.protocols = List.copyOf(protocols);
        this.engineIo = List.copyOf(engineIo);
    }

    /**
     * Verifies connection tokens with these keys from now on, on every protocol, and signs the tokens a protocol
     * hands out (SocketCluster's) with their HMAC secret: a key rotation without a restart. Connections already
     * authenticated stay so.
     *
     * @throws IllegalArgumentException if a PEM key cannot be used; the old keys stay
     */
    public void replaceTokenKeys(io.switchboard.auth.TokenKeys keys) {
        access.replaceConnectionKeys(keys);
    }

    /** The client protocols this server speaks, in the order they were registered. */
    public List<ProtocolModule> protocols() {
        return protocols;
    }

    /** The Socket.IO server, or null when it is off. */
    public SocketIoServer socketIo() {
        return socketIo;
    }

    /** The Pusher protocol, or null when it is off. */
    public Pusher pusher() {
        return pusher;
    }

    /**
     * The SocketCluster protocol, or null when it is off: {@code server.socketCluster().onConnection(socket -> ...)}
     * for the application's procedures and receivers.
     */
    public SocketClusterServer socketCluster() {
        return socketCluster;
    }

    /** A Socket.IO namespace (created when new): {@code server.namespace("/chat").onConnection(socket -> ...)}. */
    public Namespace namespace(String name) {
        if (socketIo == null) throw new IllegalStateException("Socket.IO is off (see Builder.socketIo)");
        return socketIo.namespace(name);
    }

    /** The port of the gRPC server API, or -1 when it is off. */
    public int grpcApiPort() {
        return grpcApi == null ? -1 : grpcApi.port();
    }

    /** The port of the unidirectional gRPC transport, or -1 when it is off. */
    public int uniGrpcPort() {
        return uniGrpc == null ? -1 : uniGrpc.port();
    }

    /** The port of the bidirectional gRPC transport of client protocol v1, or -1 when it is off. */
    public int bidiGrpcPort() {
        return bidiGrpc == null ? -1 : bidiGrpc.port();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Bytes of deliveries waiting for their connections' event loops, over every protocol of this node. */
    public long queuedBytes() {
        return node.hub().queuedBytes();
    }

    public Node node() {
        return node;
    }

    public int port() {
        return http.port();
    }

    /** True until {@link #close()} starts draining: what {@code GET /ready} answers. */
    public boolean ready() {
        return !draining.get();
    }

    /**
     * Drains, then stops: {@code /ready} answers 503 at once (a load balancer stops sending new clients), after
     * the drain delay every client is told the server is shutting down with its protocol's reconnect code
     * (Centrifugo 3001, Pusher 4200, ...), so it reconnects to another node, and then the listeners close.
     */
    @Override
    public void close() {
        if (!draining.compareAndSet(false, true)) return;
        if (!drainDelay.isZero()) {
            log.info("draining: /ready answers 503 for {} ms before clients are told to reconnect", drainDelay.toMillis());
            try {
                Thread.sleep(drainDelay.toMillis()); // the shutdown's own thread: nothing else waits on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        node.hub().sessions().forEach(s -> s.disconnect(Disconnect.SHUTDOWN));
        protocols.forEach(ProtocolModule::close);
        engineIo.forEach(EngineIoServer::closeAll);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (node.hub().numSessions() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // close frames are written by the event loops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (uniGrpc != null) uniGrpc.close();
        if (bidiGrpc != null) bidiGrpc.close();
        if (grpcApi != null) grpcApi.close();
        http.close();
        proxies.close();
        node.shutdown();
        if (metrics != null) metrics.close();
    }

    private record EngineIoEndpoint(String path, EngineIoServer server) {
    }

    /** Settings of an embedded server; every one has a working default (memory engine, port 8000). */
    public static final class Builder {
        private String address = "127.0.0.1";
        private int port = 8000;
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
        private String nodeName = "switchboard";
        private ChannelRules channels = ChannelRules.of(ChannelOptions.DEFAULTS);
        private CentrifugoOptions centrifugo = CentrifugoOptions.defaults();
        private Engine engine;
        private RedisSettings redis;
        private Duration positionCheckDelay = Duration.ofSeconds(40);
        private Duration redisMapCleanup;
        private String apiKey = "";
        private boolean apiInsecure;
        private boolean health = true;
        private Duration drainDelay = Duration.ZERO;
        private boolean prometheus;
        private RpcHandler rpc;
        private ProxySettings proxySettings = ProxySettings.NONE;
        private io.switchboard.centrifugo.SharedPollSettings sharedPoll = io.switchboard.centrifugo.SharedPollSettings.NONE;
        private Endpoints endpoints = Endpoints.DEFAULT;
        private SockJsOptions sockJs = SockJsOptions.defaults();
        private String uniGrpcAddress;
        private int uniGrpcPort = -1;
        private String bidiGrpcAddress;
        private int bidiGrpcPort = -1;
        private GrpcApiConfig grpcApi;
        private SocketIoOptions socketIoOptions = SocketIoOptions.defaults();
        private String socketIoPath = SocketIoServer.DEFAULT_PATH;
        private boolean socketIoTokens;
        private PusherSettings pusherSettings;
        private WebhookSink pusherWebhooks;
        private SocketClusterSettings socketClusterSettings;
        private ChannelPolicy channelPolicy;
        private AdminSettings admin;
        private Clock clock = Clock.systemUTC();
        private final List<ProtocolModule.Factory> protocolFactories = new ArrayList<>();
        private final List<EngineIoEndpoint> engineIoEndpoints = new ArrayList<>();

        public Builder address(String v) { address = v; return this; }
        public Builder port(int v) { port = v; return this; }
        /** The HTTP port's header-read and idle deadlines and its connection limit ({@code http_server.*}). */
        public Builder connectionLimits(ConnectionLimits v) { connectionLimits = v; return this; }
        public Builder nodeName(String v) { nodeName = v; return this; }
        public Builder channels(ChannelRules v) { channels = v; return this; }
        public Builder centrifugo(CentrifugoOptions v) { centrifugo = v; return this; }
        public Builder engine(Engine v) { engine = v; return this; }
        /**
         * Shares channels, history and presence with every node on the same Redis (ignored when {@link #engine}
         * is given); null (the default) keeps the memory engine of one node.
         */
        public Builder redis(RedisSettings v) { redis = v; return this; }
        /**
         * How often, on the Redis engine, each channel with history and local subscribers is checked against its
         * stream top, so publications Redis PUB/SUB dropped (it does across a reconnect) are noticed: a channel
         * behind on two checks in a row has its subscribers recover or told they could not. Default 40s.
         */
        public Builder positionCheckDelay(Duration v) { positionCheckDelay = v; return this; }
        /**
         * With the Redis engine: map channels in its Redis, shared by the nodes (Centrifugo's
         * {@code map_broker.type: redis}), expired entries removed every {@code cleanupInterval} (zero: never);
         * null (the default) keeps them in this node's memory.
         */
        public Builder redisMaps(Duration cleanupInterval) { redisMapCleanup = cleanupInterval; return this; }
        public Builder apiKey(String v) { apiKey = v; return this; }
        public Builder apiInsecure(boolean v) { apiInsecure = v; return this; }
        public Builder health(boolean v) { health = v; return this; }

        /** How long {@link #close()} answers {@code /ready} with 503 before it disconnects the clients (default 0). */
        public Builder drainDelay(Duration v) { drainDelay = v; return this; }
        /** Serves the admin page at {@code /admin} with these settings; null (the default) leaves it off (404). */
        public Builder admin(AdminSettings v) { admin = v; return this; }
        /** Serves Prometheus metrics at {@code /metrics} (Centrifugo's {@code prometheus.enabled}); off by default. */
        public Builder prometheus(boolean v) { prometheus = v; return this; }
        public Builder rpcHandler(RpcHandler v) { rpc = v; return this; }
        /** Centrifugo's proxies to the application backend, for every protocol that uses them (default: none). */
        public Builder proxies(ProxySettings v) { proxySettings = v; return this; }

        /** Centrifugo's shared poll subscriptions, polled through the proxies (default: none). */
        public Builder sharedPoll(io.switchboard.centrifugo.SharedPollSettings v) { sharedPoll = v; return this; }
        /** Who may subscribe, publish, read presence and history, for every protocol (default: the channel options). */
        public Builder channelPolicy(ChannelPolicy v) { channelPolicy = v; return this; }
        /** Adds a client protocol, built on this server's node and client access (Centrifugo and Socket.IO are built in). */
        public Builder protocol(ProtocolModule.Factory v) { protocolFactories.add(v); return this; }
        /** The clock tokens and expiries are read on (default: the system's). */
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder endpoints(Endpoints v) { endpoints = v; return this; }
        /** The SockJS endpoint's settings, used when {@link Endpoints#sockjs()}. */
        public Builder sockJs(SockJsOptions v) { sockJs = v; return this; }
        /** Serves the unidirectional gRPC transport on this address and port (Centrifugo's default port: 11000). */
        public Builder uniGrpc(String address, int port) { uniGrpcAddress = address; uniGrpcPort = port; return this; }
        /** Serves client protocol v1 over bidirectional gRPC ({@code proto.Centrifuge/Communicate}) on this address and port. */
        public Builder bidiGrpc(String address, int port) { bidiGrpcAddress = address; bidiGrpcPort = port; return this; }
        /** Serves the server API over gRPC too (Centrifugo's default port: 10000); null turns it off. */
        public Builder grpcApi(GrpcApiConfig v) { grpcApi = v; return this; }
        /** Socket.IO settings; null turns Socket.IO off. */
        public Builder socketIo(SocketIoOptions v) { socketIoOptions = v; return this; }
        public Builder socketIoPath(String v) { socketIoPath = v; return this; }
        /**
         * Identifies Socket.IO clients by a connection JWT in {@code auth.token}, verified with the Centrifugo
         * token settings (what the standalone server does); anonymous ones pass when those settings allow.
         */
        public Builder socketIoTokenAuth(boolean v) { socketIoTokens = v; return this; }
        /**
         * The Pusher protocol and its apps ({@code /app/{key}} for clients, {@code /apps/{id}/...} for backends);
         * null (the default) turns it off. Its channel types become channel kinds of {@link #channels} for every
         * protocol, and each app with a namespace of its own gets that namespace with the channels' options.
         */
        public Builder pusher(PusherSettings v) { pusherSettings = v; return this; }
        /** Where Pusher's webhook events go (default: the apps' webhooks, sent by {@code Webhooks}). */
        public Builder pusherWebhooks(WebhookSink v) { pusherWebhooks = v; return this; }
        /**
         * The SocketCluster protocol at its path (default {@code /socketcluster/}); null (the default) turns it off.
         * Its tokens are connection tokens of the Centrifugo token settings, signed with their HMAC secret.
         */
        public Builder socketCluster(SocketClusterSettings v) { socketClusterSettings = v; return this; }
        /** Serves raw Engine.IO (no Socket.IO) on a path; the handler gets every new session. */
        public Builder engineIo(String path, EngineIoOptions options, Consumer<EngineIoSocket> onConnection) {
            engineIoEndpoints.add(new EngineIoEndpoint(path, new EngineIoServer(options, onConnection)));
            return this;
        }

        public Switchboard start() throws InterruptedException {
            int maxHistoryRead = Math.max(10_000, centrifugo.recoveryMaxPublicationLimit() + 1);
            RedisEngine redisEngine = engine == null && redis != null
                    ? RedisEngine.connect(redis, clock::millis, maxHistoryRead) : null;
            Engine e = engine != null ? engine
                    : redisEngine != null ? Engine.of(redisEngine)
                    : Engine.of(new MemoryEngine(clock::millis, maxHistoryRead));
            ChannelRules rules = pusherSettings == null ? channels : withPusher(channels, pusherSettings);
            Node node = new Node(nodeName, VERSION, rules, e, centrifugo.recoveryMaxPublicationLimit());
            if (redisEngine != null && redisMapCleanup != null) {
                node.useMaps(redisEngine.maps(ch -> node.optionsFor(ch).map(o -> o.map()), redisMapCleanup));
            }
            if (engine == null && redis != null) {
                node.checkPositionsEvery(positionCheckDelay);
                node.joinCluster();
            }
            PrometheusMetrics metrics = prometheus ? new PrometheusMetrics() : null;
            if (metrics != null) node.useMeters(metrics.meters()); // before the protocols resolve their counts
            Router router = new Router();
            // one client access for every protocol: the same verifiers, clock and channel policy
            ClientAccess access = Centrifugo.accessFrom(node, centrifugo, channelPolicy, clock);
            var grpcProxies = new io.switchboard.server.proxy.GrpcProxies();
            // shared poll calls its proxies itself, so it needs the client even when no connection's command is proxied
            Proxies proxies = sharedPoll.namespaces().isEmpty()
                    ? Proxies.of(proxySettings, access.channels()::nowSeconds, grpcProxies, node.meters())
                    : new Proxies(proxySettings, new io.switchboard.protocol.proxy.ProxyClient(grpcProxies),
                    access.channels()::nowSeconds, node.meters());
            Centrifugo protocol = new Centrifugo(node, centrifugo, rpc, access).endpoints(endpoints).sockJs(sockJs)
                    .proxies(proxies).sharedPoll(sharedPoll);
            List<ProtocolModule> modules = new ArrayList<>();
            modules.add(protocol);
            SocketIoServer io = null;
            if (socketIoOptions != null) {
                io = new SocketIoServer(node, socketIoOptions).path(socketIoPath);
                if (socketIoTokens) io.authenticate(access);
                io.proxies(proxies);
                modules.add(io);
            }
            Pusher pusher = null;
            if (pusherSettings != null) {
                WebhookSink hooks = pusherWebhooks;
                if (hooks == null && pusherSettings.apps().stream().anyMatch(a -> !a.webhooks().isEmpty())) {
                    hooks = new io.switchboard.pusher.webhook.Webhooks(); // its threads only when an app has webhooks
                }
                pusher = new Pusher(node, access, pusherSettings, hooks);
                modules.add(pusher);
            }
            SocketClusterServer sc = null;
            if (socketClusterSettings != null) {
                sc = new SocketClusterServer(node, access, socketClusterSettings).proxies(proxies);
                modules.add(sc);
            }
            for (ProtocolModule.Factory f : protocolFactories) modules.add(f.create(node, access));
            for (ProtocolModule m : modules) m.register(router);
            List<EngineIoServer> engines = new ArrayList<>();
            for (EngineIoEndpoint endpoint : engineIoEndpoints) {
                router.http(endpoint.path(), endpoint.server());
                engines.add(endpoint.server());
            }
            ServerApi serverApi = new ServerApi(node, apiKey, apiInsecure, centrifugo.historyMaxPublicationLimit());
            serverApi.register(router);
            if (admin != null) {
                List<String> names = modules.stream().map(ProtocolModule::name).toList();
                new AdminPage(admin, node, names, serverApi, clock).register(router);
            }
            var draining = new java.util.concurrent.atomic.AtomicBoolean();
            if (health) {
                router.http("/health", ex -> ex.respond(200, "application/json", "{}"));
                router.http("/ready", ex -> {
                    if (draining.get()) ex.respond(503, "application/json", "{\"status\":\"draining\"}");
                    else ex.respond(200, "application/json", "{}");
                });
            }
            if (metrics != null) {
                metrics.bind(node, modules.stream().map(ProtocolModule::name).toList());
                metrics.register(router);
            }
            HttpServer http = new HttpServer(router, address, port, 10 * 1024 * 1024, centrifugo.queueMaxSize(),
                    connectionLimits);
            UniGrpcServer uni = null;
            BidiGrpcServer bidi = null;
            GrpcApiServer api = null;
            String stage = "HTTP (http_server.port)";
            try {
                listen(stage, address, port, () -> {
                    http.start();
                    return null;
                });
                if (uniGrpcPort >= 0) {
                    stage = "unidirectional gRPC (uni_grpc.port)";
                    uni = listen(stage, uniGrpcAddress, uniGrpcPort, () -> protocol.startUniGrpc(uniGrpcAddress, uniGrpcPort));
                }
                if (bidiGrpcPort >= 0) {
                    stage = "bidirectional gRPC (grpc_bidi.port)";
                    bidi = listen(stage, bidiGrpcAddress, bidiGrpcPort, () -> protocol.startBidiGrpc(bidiGrpcAddress, bidiGrpcPort));
                }
                if (grpcApi != null) {
                    stage = "the gRPC API (grpc_api.port)";
                    api = listen(stage, grpcApi.address(), grpcApi.port(), () -> GrpcApiServer.start(node,
                            grpcApi.address(), grpcApi.port(), grpcApi.key(), grpcApi.insecure(),
                            centrifugo.historyMaxPublicationLimit()));
                }
            } catch (RuntimeException | InterruptedException ex) {
                if (uni != null) uni.close();
                if (bidi != null) bidi.close();
                http.close();
                proxies.close();
                node.shutdown();
                if (metrics != null) metrics.close();
                throw ex;
            }
            return new Switchboard(node, http, uni, bidi, api, io, pusher, sc, modules, engines, access, draining, drainDelay, metrics,
                    proxies);
        }

        private interface Listener<T> {
            T start() throws Exception;
        }

        /** Starts one listener; a failure to bind names the listener and its address. */
        private static <T> T listen(String what, String address, int port, Listener<T> start) throws InterruptedException {
            try {
                return start.start();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) { // Netty's bind failures come as undeclared IOExceptions
                Throwable bind = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
                if (bind instanceof IOException) throw new CannotListenException(what, address, port, bind);
                if (e instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e);
            }
        }

        /**
         * The rules with Pusher's channel types as kinds, and a namespace for each app that does not share the
         * core's channel names: {@code news} of app {@code b} is core {@code b:news}, with the options of channels
         * without namespace (a namespace configured by hand keeps its own).
         */
        static ChannelRules withPusher(ChannelRules rules, PusherSettings settings) {
            Map<String, ChannelOptions> namespaces = new LinkedHashMap<>();
            for (PusherApp app : PusherApps.assigning(settings.apps()).all()) {
                if (!app.sharesCoreNames()) namespaces.put(app.namespace(), rules.withoutNamespace());
            }
            return rules.with(ChannelType.KINDS, namespaces);
        }
    }
}
