package io.switchboard.socketcluster;

import io.switchboard.core.Node;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.Router;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * SocketCluster on the shared core: WebSocket connections at {@link SocketClusterSettings#path()} (exactly: without
 * the trailing slash it is HTTP 400, as on socketcluster-server; a plain GET is 501), each channel the core channel of
 * the same name. An embedding application handles sockets with {@link #onConnection}.
 */
public final class SocketClusterServer implements ProtocolModule {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Node node;
    private final ClientAccess access;
    private volatile ScProxies backend;
    private final SocketClusterSettings settings;
    private final OriginPolicy origins;
    private final List<Consumer<SocketClusterSocket>> connectionHandlers = new CopyOnWriteArrayList<>();

    public SocketClusterServer(Node node, ClientAccess access, SocketClusterSettings settings) {
        this.node = node;
        this.access = access;
        this.backend = new ScProxies(Proxies.NONE, access);
        this.settings = settings;
        this.origins = settings.allowedOrigins().isEmpty() ? null : new OriginPolicy(settings.allowedOrigins());
    }

    /** Called on the socket's loop for each socket once its handshake succeeded, before its next packet is read. */
    public SocketClusterServer onConnection(Consumer<SocketClusterSocket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    @Override
    public String name() {
        return "socketcluster";
    }

    @Override
    public void register(Router router) {
        router.http(settings.path(), this::route);
    }

    private void route(HttpExchange exchange) {
        if (!exchange.path().equals(settings.path())) {
            exchange.respond(400, "text/plain", "Bad Request");
            return;
        }
        if (!exchange.isWebSocketUpgrade()) {
            exchange.respond(501, "text/plain", "Not Implemented");
            return;
        }
        String origin = exchange.header("Origin");
        if (origin != null && origins != null && !origins.allows(origin)) {
            exchange.respond(403, "text/plain", "Forbidden");
            return;
        }
        exchange.acceptWebSocket(settings.maxMessageBytes(), ws -> {
            ScConnection c = new ScConnection(this, new WebSocketLink(ws), ConnectionLoop.of(ws.eventLoop()), ws.eventLoop(), newId());
            c.open();
            return WebSocketEndpoint.listener(c);
        });
    }

    void connected(SocketClusterSocket socket) {
        for (Consumer<SocketClusterSocket> h : connectionHandlers) {
            try {
                h.accept(socket);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SocketClusterServer.class).warn("connection handler failed", e);
            }
        }
    }

    /** 20 characters, as base64id's ids are. */
    static String newId() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Centrifugo's proxies to the application backend: the connect proxy decides a handshake without an auth
     * token, the RPC proxy answers invokes no procedure handles. Call before clients connect.
     */
    public SocketClusterServer proxies(Proxies v) {
        backend = new ScProxies(v, access);
        return this;
    }

    ScProxies backend() {
        return backend;
    }

    Node node() {
        return node;
    }

    ClientAccess access() {
        return access;
    }

    public SocketClusterSettings settings() {
        return settings;
    }
}
