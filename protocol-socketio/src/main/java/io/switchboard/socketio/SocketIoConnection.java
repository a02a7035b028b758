package io.switchboard.socketio;

import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.socketio.internal.codec.DecodeException;
import io.switchboard.socketio.internal.codec.PacketDecoder;
import io.switchboard.socketio.internal.codec.PacketEncoder;
import io.switchboard.socketio.internal.codec.SocketIoPacket;
import io.switchboard.socketio.engine.EngineIoRequest;
import io.switchboard.socketio.engine.EngineIoSocket;
import io.switchboard.socketio.engine.internal.RandomIds;
import io.switchboard.socketio.engine.internal.SharedText;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets, multiplexes namespaces, runs the connect
 * sequence (middlewares, or recovery) and closes the session on anything the reference server would refuse.
 * Protocol v5 clients (EIO=4) must CONNECT to each namespace; v4 clients (EIO=3) are connected to {@code /}
 * at once and pass auth as a query string in the namespace. Event loop only.
 */
final class SocketIoConnection {
    private static final Logger log = LoggerFactory.getLogger(SocketIoConnection.class);

    private final SocketIoServer server;
    private final EngineIoSocket engine;
    private final ConnectionLoop loop;
    private final int protocol;
    private final PacketDecoder decoder;
    private final Map<String, SocketIoSocket> sockets = new HashMap<>(2);
    private final Map<String, SocketIoSocket> connecting = new HashMap<>(1);
    private ScheduledFuture<?> connectTimer;
    private boolean closed;
    private final io.switchboard.core.Meters.Count received;

    SocketIoConnection(SocketIoServer server, EngineIoSocket engine) {
        this.server = server;
        this.engine = engine;
        this.loop = ConnectionLoop.following(engine::eventLoop);
        this.protocol = engine.protocol() == 3 ? 4 : 5;
        this.decoder = new PacketDecoder(server.options().maxAttachments());
        this.received = io.switchboard.protocol.ProtocolMeters.messagesReceived(server.node().meters(),
                SocketIoSocket.PROTOCOL, "engineio");
    }

    void start() {
        engine.onMessage(this::onText);
        engine.onBinary(this::onBinary);
        engine.onClose(this::onEngineClose);
        if (protocol == 4) {
            connect("/", new LinkedHashMap<>());
        } else {
            connectTimer = loop.schedule(server.options().connectTimeout().toMillis(), () -> {
                if (sockets.isEmpty() && !closed) {
                    log.debug("no namespace joined within the connect timeout on session {}", engine.id());
                    engine.close();
                }
            });
        }
    }

    EngineIoSocket engine() {
        return engine;
    }

    void execute(Runnable task) {
        loop.run(task);
    }

    /** The session's loop, wherever the session lives now. */
    ConnectionLoop loop() {
        return loop;
    }

    // --- input ------------------------------------------------------------------------------------------

    private void onText(String text) {
        try {
            SocketIoPacket p = decoder.decodeText(text);
            if (p != null) dispatch(p);
        } catch (DecodeException e) {
            refuse("bad packet: " + e.getMessage());
        }
    }

    private void onBinary(byte[] data) {
        try {
            SocketIoPacket p = decoder.decodeBinary(data);
            if (p != null) dispatch(p);
        } catch (DecodeException e) {
            refuse("bad attachment: " + e.getMessage());
        }
    }

    private void dispatch(SocketIoPacket p) {
        received.increment();
        if (p.type() == SocketIoPacket.CONNECT) {
            onConnect(p);
            return;
        }
        SocketIoSocket socket = sockets.get(p.nsp());
        if (socket == null) {
            refuse("packet for namespace " + p.nsp() + " it has not joined");
            return;
        }
        switch (p.type()) {
            case SocketIoPacket.EVENT, SocketIoPacket.BINARY_EVENT -> socket.onEvent(p);
            case SocketIoPacket.ACK, SocketIoPacket.BINARY_ACK -> socket.onAck(p);
            case SocketIoPacket.DISCONNECT -> socket.onClose("client namespace disconnect");
            default -> refuse("CONNECT_ERROR from a client"); // only servers send it
        }
    }

    /** What the reference server does with a packet it will not take: close the whole connection. */
    private void refuse(String why) {
        log.debug("closing Socket.IO session {}: {}", engine.id(), why);
        engine.close("parse error"); // not a reason to keep the session for recovery
    }

    // --- connect --------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void onConnect(SocketIoPacket p) {
        String nsp = p.nsp();
        Map<String, Object> auth = p.hasData() ? (Map<String, Object>) p.data() : new LinkedHashMap<>();
        if (protocol == 4) {
            QueryStringDecoder q = new QueryStringDecoder(nsp);
            nsp = q.path();
            auth = new LinkedHashMap<>();
            for (var e : q.parameters().entrySet()) auth.put(e.getKey(), e.getValue().isEmpty() ? "" : e.getValue().get(0));
        }
        if (sockets.containsKey(nsp) || connecting.containsKey(nsp)) {
            if (protocol == 5) refuse("second CONNECT to " + nsp);
            return;
        }
        connect(nsp, auth);
    }

    private void connect(String nsp, Map<String, Object> auth) {
        Namespace namespace = server.namespaceIfExists(nsp);
        if (namespace == null) {
            Map<String, Object> invalid = new LinkedHashMap<>();
            invalid.put("message", "Invalid namespace"); // an object for every protocol revision, as the Node server sends
            var packet = PacketEncoder.encode(SocketIoPacket.CONNECT_ERROR, nsp, -1, invalid);
            send(packet.text(), packet.attachments());
            return;
        }
        EngineIoRequest r = engine.request();
        Handshake handshake = new Handshake(auth, r.headers(), r.query(), r.remoteAddress(), r.issuedAt(), r.url());
        Object pidClaim = auth.get("pid");
        if (server.options().recovery() && protocol == 5 && pidClaim instanceof String pid) {
            Recovery.Saved saved = server.recovery().take(pid, nsp);
            if (saved != null) {
                restore(namespace, handshake, saved, auth.get("offset"));
                return;
            }
        }
        SocketIoSocket socket = new SocketIoSocket(this, namespace, newSocketId(nsp), handshake);
        if (server.options().recovery() && protocol == 5) socket.pid = server.recovery().newPid();
        runMiddlewares(socket, 0);
    }

    private void restore(Namespace namespace, Handshake handshake, Recovery.Saved saved, Object offset) {
        SocketIoSocket socket = new SocketIoSocket(this, namespace, saved.id(), handshake);
        socket.user(saved.user());
        if (!saved.data().isEmpty()) socket.data().putAll(saved.data());
        socket.pid = saved.pid();
        connecting.put(namespace.name(), socket);
        Map<Integer, Long> seen = Recovery.parseOffset(offset);
        if (seen == null) {
            fresh(namespace, handshake);
            return;
        }
        socket.rooms.restore(saved.rooms(), seen).whenComplete((missed, err) -> execute(() -> {
            if (closed || connecting.get(namespace.name()) != socket) {
                socket.rooms.leaveAll();
                return;
            }
            if (err != null || missed == null) {
                fresh(namespace, handshake);
                return;
            }
            socket.recovered = true;
            if (server.options().skipMiddlewares()) {
                accept(socket, missed);
            } else {
                runMiddlewaresThen(socket, 0, () -> accept(socket, missed));
            }
        }));
    }

    private void fresh(Namespace namespace, Handshake handshake) {
        connecting.remove(namespace.name());
        SocketIoSocket socket = new SocketIoSocket(this, namespace, newSocketId(namespace.name()), handshake);
        socket.pid = server.recovery().newPid();
        runMiddlewares(socket, 0);
    }

    private void runMiddlewares(SocketIoSocket socket, int from) {
        runMiddlewaresThen(socket, from, () -> accept(socket, List.of()));
    }

    private void runMiddlewaresThen(SocketIoSocket socket, int from, Runnable then) {
        String nsp = socket.namespace.name();
        connecting.put(nsp, socket);
        List<Middleware> chain = server.middlewares(socket.namespace);
        if (from >= chain.size()) {
            then.run();
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void accept() {
                if (answered.compareAndSet(false, true)) execute(() -> {
                    if (connecting.get(nsp) == socket && !closed) runMiddlewaresThen(socket, from + 1, then);
                });
            }

            @Override
            public void reject(ConnectError error) {
                if (answered.compareAndSet(false, true)) execute(() -> {
                    if (connecting.get(nsp) != socket || closed) return;
                    connecting.remove(nsp);
                    socket.rooms.leaveAll();
                    connectError(nsp, error);
                });
            }
        };
        try {
            chain.get(from).handle(socket, next);
        } catch (RuntimeException e) {
            log.error("middleware of {} failed", nsp, e);
            next.reject(ConnectError.of("server error"));
        }
    }

    private void accept(SocketIoSocket socket, List<io.switchboard.core.PreparedPublication> missed) {
        String nsp = socket.namespace.name();
        connecting.remove(nsp);
        if (closed) {
            socket.rooms.leaveAll(); // restored rooms of a connection that went away meanwhile
            return;
        }
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null; // a cancelled timer kept in a field is ~150 bytes a connection for nothing
        }
        sockets.put(nsp, socket);
        socket.namespace.added(socket);
        server.node().addSession(socket);
        Object reply = SocketIoPacket.NO_DATA;
        if (protocol == 5) {
            Map<String, Object> sid = new LinkedHashMap<>();
            sid.put("sid", socket.id());
            if (socket.pid != null) sid.put("pid", socket.pid);
            reply = sid;
        }
        socket.send(PacketEncoder.encode(SocketIoPacket.CONNECT, nsp, -1, reply));
        socket.onConnected();
        socket.rooms.releaseAll(missed);
        for (var handler : socket.namespace.connectionHandlers()) {
            if (!socket.connected()) break;
            try {
                handler.accept(socket);
            } catch (RuntimeException e) {
                log.error("connection handler of {} failed", nsp, e);
            }
        }
    }

    private void connectError(String nsp, ConnectError error) {
        Object payload;
        if (protocol == 5) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", error.message());
            if (error.data() != null) m.put("data", error.data());
            payload = m;
        } else {
            payload = error.data() != null ? error.data() : error.message();
        }
        var packet = PacketEncoder.encode(SocketIoPacket.CONNECT_ERROR, nsp, -1, payload);
        send(packet.text(), packet.attachments());
    }

    private String newSocketId(String nsp) {
        if (protocol == 4) return "/".equals(nsp) ? engine.id() : nsp + "#" + engine.id();
        return RandomIds.next();
    }

    // --- output and closing ----------------------------------------------------------------------------------

    void send(String text, List<byte[]> attachments) {
        engine.send(text);
        for (byte[] a : attachments) engine.send(a);
    }

    void send(SharedText text, List<byte[]> attachments) {
        engine.send(text);
        for (byte[] a : attachments) engine.send(a);
    }

    void removed(SocketIoSocket socket) {
        String nsp = socket.namespace.name();
        if (sockets.get(nsp) == socket) {
            sockets.remove(nsp);
            server.node().removeSession(socket);
        }
    }

    private void onEngineClose(String reason) {
        closed = true;
        if (connectTimer != null) connectTimer.cancel(false);
        for (SocketIoSocket s : new ArrayList<>(connecting.values())) s.rooms.leaveAll();
        connecting.clear();
        for (SocketIoSocket s : new ArrayList<>(sockets.values())) s.onClose(reason);
    }
}
