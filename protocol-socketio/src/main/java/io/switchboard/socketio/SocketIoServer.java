package io.switchboard.socketio;

import io.switchboard.core.Node;
import io.switchboard.protocol.ChannelAccess;
import io.switchboard.protocol.ChannelPolicy;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionAccess;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.socketio.engine.EngineIoServer;
import io.switchboard.transport.Router;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point of the Socket.IO protocol: Engine.IO sessions on one path (default {@code /socket.io/}),
 * namespaces created on demand ({@code /} always exists), and the core node their rooms publish through.
 *
 * <pre>{@code
 * SocketIoServer io = new SocketIoServer(node, SocketIoOptions.defaults());
 * io.namespace("/chat").onConnection(socket -> socket.on("message", (args, ack) -> socket.emit("echo", args.toArray())));
 * io.register(router, "/socket.io/");
 * }</pre>
 */
public final class SocketIoServer implements ProtocolModule {
    public static final String DEFAULT_PATH = "/socket.io/";

    private final Node node;
    private final SocketIoOptions options;
    private final EngineIoServer engine;
    private final Recovery recovery;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private volatile TokenAuth tokenAuth;
    private volatile ChannelEvents channelEvents;
    private volatile Proxies proxies = Proxies.NONE;
    private volatile BackendProxies backend;
    private volatile ConnectionAccess connectionAccess;
    private String path = DEFAULT_PATH;

    public SocketIoServer(Node node, SocketIoOptions options) {
        this.node = node;
        this.options = options;
        this.recovery = new Recovery(options);
        this.engine = new EngineIoServer(options.engine(), s -> new SocketIoConnection(this, s).start());
        if (options.channelEvents()) {
            this.channelEvents = new ChannelEvents(node, new ChannelAccess(node, null,
                    ChannelPolicy.fromOptions(options.insecure()), Clock.systemUTC()));
        }
        namespace("/");
        ClusterEmits.register(this, node);
    }

    /**
     * Identifies sockets by the connection JWT in their auth payload, and (with {@code channelEvents}) lets them
     * join private channels with a subscription JWT. Call before clients connect.
     */
    public SocketIoServer authenticate(ClientAccess access) {
        this.tokenAuth = new TokenAuth(access.connection());
        this.connectionAccess = access.connection();
        this.backend = new BackendProxies(proxies, tokenAuth, connectionAccess);
        if (options.channelEvents()) this.channelEvents = new ChannelEvents(node, access.channels());
        return this;
    }

    /** The namespace of that name, created (with no handlers) when it does not exist yet. */
    public Namespace namespace(String name) {
        String n = name.startsWith("/") ? name : "/" + name;
        return namespaces.computeIfAbsent(n, k -> new Namespace(this, k));
    }

    /** Same as {@link #namespace}. */
    public Namespace of(String name) {
        return namespace(name);
    }

    /** The namespace of that name, or null when nobody made it. */
    Namespace existing(String name) {
        return namespaces.get(name);
    }

    public Collection<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    public String path() {
        return path;
    }

    /**
     * Centrifugo's proxies to the application backend: the connect proxy decides sockets without a token, the
     * RPC proxy answers events with an ack that no handler claims. Call before clients connect.
     */
    public SocketIoServer proxies(Proxies v) {
        this.proxies = v;
        this.backend = new BackendProxies(v, tokenAuth, connectionAccess);
        return this;
    }

    BackendProxies backend() {
        return backend;
    }

    /** Where {@link #register(Router)} serves (default {@value #DEFAULT_PATH}). */
    public SocketIoServer path(String v) {
        path = v;
        return this;
    }

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public void register(Router router) {
        register(router, path);
    }

    /** Serves Engine.IO and Socket.IO on a path such as {@code /socket.io/}. */
    public void register(Router router, String path) {
        router.http(path, engine);
    }

    /** Ends every session: clients hear "transport close" and reconnect (elsewhere, on a restart). */
    @Override
    public void close() {
        engine.closeAll();
    }

    public SocketIoOptions options() {
        return options;
    }

    /** Engine.IO sessions open on this node. */
    public int sessionCount() {
        return engine.sessionCount();
    }

    Node node() {
        return node;
    }

    Recovery recovery() {
        return recovery;
    }

    Namespace namespaceIfExists(String name) {
        return namespaces.get(name);
    }

    /** The middlewares a connection to a namespace runs: token auth first when configured, then the namespace's. */
    List<Middleware> middlewares(Namespace ns) {
        BackendProxies b = backend;
        Middleware auth = b != null && b.connects() ? b.connectMiddleware() : tokenAuth;
        if (auth == null) return ns.middlewares();
        List<Middleware> all = new java.util.ArrayList<>(ns.middlewares().size() + 1);
        all.add(auth);
        all.addAll(ns.middlewares());
        return all;
    }

    ChannelEvents channelEvents() {
        return channelEvents;
    }
}
