package io.switchboard.socketio.engine;

import io.switchboard.socketio.engine.internal.RandomIds;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.transport.CorsPolicy;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One Engine.IO endpoint (an HTTP route): checks each request as the Node server does, opens sessions on
 * a handshake and hands every later request to its session. Errors are the documented
 * {@code {"code","message"}} answers. Sessions live in this map until they close.
 */
public final class EngineIoServer implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(EngineIoServer.class);

    static final int TRANSPORT_UNKNOWN = 0, UNKNOWN_SID = 1, BAD_HANDSHAKE_METHOD = 2, BAD_REQUEST = 3, FORBIDDEN = 4,
            UNSUPPORTED_PROTOCOL_VERSION = 5;
    private static final String[] MESSAGES = {"Transport unknown", "Session ID unknown", "Bad handshake method",
            "Bad request", "Forbidden", "Unsupported protocol version"};

    private final EngineIoOptions options;
    private final Consumer<EngineIoSocket> onConnection;
    private final CorsPolicy cors;
    private final Map<String, EngineIoSocket> sessions = new ConcurrentHashMap<>();

    /** @param onConnection called on the session's event loop for every new session, before any message */
    public EngineIoServer(EngineIoOptions options, Consumer<EngineIoSocket> onConnection) {
        this.options = options;
        this.onConnection = onConnection;
        this.cors = CorsPolicy.of(options.allowedOrigins(), options.corsCredentials());
    }

    public EngineIoOptions options() {
        return options;
    }

    /** Open sessions on this endpoint. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Closes every session (reason "server shutting down"). */
    public void closeAll() {
        for (EngineIoSocket s : List.copyOf(sessions.values())) s.execute(() -> s.closeNow("server shutting down"));
    }

    @Override
    public void handle(HttpExchange ex) {
        String origin = ex.header("origin");
        if (!cors.allows(origin)) {
            log.info("refused Engine.IO request from origin {}", origin);
            error(ex, 403, FORBIDDEN);
            return;
        }
        if (ex.method().equals("OPTIONS")) {
            ex.respond(204, null, new byte[0], cors.preflightHeaders(origin, ex.header("access-control-request-headers")));
            return;
        }
        String eio = ex.queryParam("EIO");
        int protocol = "4".equals(eio) ? 4 : "3".equals(eio) && options.allowEio3() ? 3 : -1;
        if (protocol < 0) {
            error(ex, 400, UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        String transport = ex.queryParam("transport");
        boolean polling = "polling".equals(transport) && options.polling() && ex.queryParam("j") == null;
        boolean websocket = "websocket".equals(transport) && options.websocket();
        if (!polling && !websocket) {
            error(ex, 400, TRANSPORT_UNKNOWN);
            return;
        }
        String sid = ex.queryParam("sid");
        if (sid == null) {
            handshake(ex, protocol, polling);
            return;
        }
        EngineIoSocket session = sessions.get(sid);
        if (session == null) {
            error(ex, 400, UNKNOWN_SID);
            return;
        }
        if (session.protocol() != protocol) {
            error(ex, 400, BAD_REQUEST);
            return;
        }
        if (polling) {
            if (!ex.method().equals("GET") && !ex.method().equals("POST")) {
                error(ex, 400, BAD_REQUEST);
                return;
            }
            session.execute(() -> session.onPollingRequest(ex));
        } else if (!ex.isWebSocketUpgrade()) {
            error(ex, 400, BAD_REQUEST);
        } else {
            // The upgrade must be answered now, while the request is alive. A session that already upgraded (or
            // is upgrading) gets the WebSocket opened and then closed on its loop, as the reference server does.
            ex.acceptWebSocket(options.maxHttpBufferSize(), conn -> {
                WebSocketTransport probe = new WebSocketTransport(conn, protocol);
                probe.bind(session); // before any frame arrives; frames queue behind onProbeOpen
                session.execute(() -> session.onProbeOpen(probe));
                return WebSocketEndpoint.listener(probe);
            });
        }
    }

    private void handshake(HttpExchange ex, int protocol, boolean polling) {
        if (!ex.method().equals("GET")) {
            error(ex, 400, BAD_HANDSHAKE_METHOD);
            return;
        }
        EngineIoRequest request = new EngineIoRequest(ex.uri(), ex.headers(), ex.queryParams(), ex.remoteAddress(),
                System.currentTimeMillis());
        if (polling) {
            boolean binaryPolling = protocol == 3 && ex.queryParam("b64") == null;
            EngineIoSocket s = new EngineIoSocket(this, RandomIds.next(), protocol, binaryPolling, request, ex.eventLoop());
            sessions.put(s.id(), s);
            s.execute(() -> {
                s.openWithPolling(ex);
                start(s);
            });
        } else if (!ex.isWebSocketUpgrade()) {
            error(ex, 400, BAD_REQUEST);
        } else {
            ex.acceptWebSocket(options.maxHttpBufferSize(), conn -> {
                WebSocketTransport ws = new WebSocketTransport(conn, protocol);
                EngineIoSocket s = new EngineIoSocket(this, RandomIds.next(), protocol, false, request, conn.eventLoop());
                sessions.put(s.id(), s);
                s.openWithWebSocket(ws);
                start(s);
                return WebSocketEndpoint.listener(ws);
            });
        }
    }

    private void start(EngineIoSocket s) {
        try {
            onConnection.accept(s);
        } catch (RuntimeException e) {
            log.error("Engine.IO connection handler failed; closing the session", e);
            s.closeNow("server error");
        }
    }

    String openPacket(EngineIoSocket s, boolean canUpgrade) {
        String upgrades = canUpgrade && options.websocket() ? "[\"websocket\"]" : "[]";
        return "{\"sid\":\"" + s.id() + "\",\"upgrades\":" + upgrades + ",\"pingInterval\":"
                + options.pingInterval().toMillis() + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
    }

    /** Headers of every polling answer: CORS for the request's origin, and the session cookie if asked for. */
    Map<String, String> pollingHeaders(HttpExchange ex, String sidForCookie) {
        Map<String, String> h = new LinkedHashMap<>(cors.headers(ex.header("origin")));
        h.put("Cache-Control", "no-store");
        if (sidForCookie != null && !options.cookie().isEmpty()) {
            h.put("Set-Cookie", options.cookie() + "=" + sidForCookie + "; Path=/; HttpOnly; SameSite=Lax");
        }
        return h;
    }

    void error(HttpExchange ex, int status, int code) {
        String body = "{\"code\":" + code + ",\"message\":\"" + MESSAGES[code] + "\"}";
        ex.respond(status, "application/json", body, pollingHeaders(ex, null));
    }

    /** The open session with this id, or null; for tests that drive a session without a socket. */
    EngineIoSocket session(String sid) {
        return sessions.get(sid);
    }

    void removed(EngineIoSocket s) {
        sessions.remove(s.id(), s);
    }

}
