package io.switchboard.socketcluster;

import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Unsubscribe;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionAccess;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.protocol.Outbox;
import io.switchboard.protocol.ProtocolMeters;
import io.switchboard.protocol.OutboxSession;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.socketcluster.internal.codec.FrameDecoder;
import io.switchboard.socketcluster.internal.codec.Packet;
import io.switchboard.socketcluster.internal.codec.PlainValues;
import io.switchboard.socketcluster.internal.codec.ServerPackets;
import io.switchboard.transport.SharedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One SocketCluster WebSocket connection: the strict handshake, pings whatever the traffic, events in order (a batch
 * packet by packet), the reserved events, custom transmits and invokes for the application, and core deliveries out.
 * Packets of one turn leave in one frame (a JSON array when there are several); pings always alone. Its state lives on
 * the connection's event loop; the core reaches it through its {@link Outbox}.
 */
final class ScConnection extends OutboxSession implements Outbox.Receiver, WebSocketEndpoint.Messages {
    private static final Logger log = LoggerFactory.getLogger(ScConnection.class);
    /** Reserved in protocol 2; in protocol 1 every {@code #} name is. */
    static final Set<String> RESERVED = Set.of("#handshake", "#subscribe", "#unsubscribe", "#publish", "#kickOut",
            "#authenticate", "#setAuthToken", "#removeAuthToken");
    /** Pending packets beyond this many chars leave at once, so a huge batch is answered in bounded pieces. */
    static final int MAX_PENDING_CHARS = 64 * 1024;

    private final SocketClusterServer server;
    private final Node node;
    private final ClientAccess access;
    private final SocketClusterSettings settings;
    private final ConnectionLink link;
    private final ConnectionLoop loop;
    private final Executor executor;
    static final String PROTOCOL = "socketcluster";
    private final Outbox outbox;
    private final io.switchboard.core.Meters.Count received;
    private final io.switchboard.core.Meters.Count deliveries;
    private final String id;
    private final int version;
    final SocketClusterSocket socket;
    final ScAuth auth;
    final ScChannels channels;
    private final List<String> pending = new ArrayList<>();
    private int pendingChars;
    private boolean flushQueued;
    private boolean handshaken;
    /** The connect proxy is deciding the handshake. */
    private boolean handshaking;
    /** The connect proxy's {@code meta}, sent along with later proxy calls that include it. */
    byte[] proxyMeta;
    private boolean inSession;
    private boolean closed;
    private boolean finished;
    private long lastSeen;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;
    private long lastCid;
    private final Map<Long, ServerInvoke> invokes = new HashMap<>();

    private record ServerInvoke(CompletableFuture<Object> reply, ScheduledFuture<?> timer) {
    }

    ScConnection(SocketClusterServer server, ConnectionLink link, ConnectionLoop loop, Executor executor, String id) {
        this.server = server;
        this.node = server.node();
        this.access = server.access();
        this.settings = server.settings();
        this.link = link;
        this.loop = loop;
        this.executor = executor;
        this.id = id;
        this.version = settings.protocolVersion();
        // slow cuts are counted with every other close, in close()
        this.outbox = new Outbox(executor, settings.queueMaxBytes(), this, () -> loop.run(() -> close(4100)));
        this.deliveries = ProtocolMeters.messagesSent(node.meters(), PROTOCOL, "websocket");
        this.received = ProtocolMeters.messagesReceived(node.meters(), PROTOCOL, "websocket");
        this.socket = new SocketClusterSocket(this);
        this.auth = new ScAuth(this, access);
        this.channels = new ScChannels(this, node, access, settings.channelLimit());
    }

    @Override
    protected Outbox outbox() {
        return outbox;
    }

    /** The WebSocket is open: pings start now, before the handshake, as socketcluster-server's do. */
    void open() {
        lastSeen = now();
        handshakeTimer = loop.schedule(settings.handshakeTimeout().toMillis(), () -> {
            if (!handshaken) close(4005);
        });
        pingTimer = loop.schedule(settings.pingInterval().toMillis(), this::ping);
        pongTimer = loop.schedule(settings.pingTimeout().toMillis(), this::checkPong);
    }

    // --- core session -------------------------------------------------------------------------------

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public io.switchboard.core.Meters.Count deliveries() {
        return deliveries;
    }

    @Override
    public String clientId() {
        return id;
    }

    @Override
    public String userId() {
        return auth.user();
    }

    @Override
    public void deliverJoin(String channel, ClientInfo info) {
        // SocketCluster has no join/leave events
    }

    @Override
    public void deliverLeave(String channel, ClientInfo info) {
    }

    /** Centrifugo codes that reconnect pass as they are; the others become 45xx, which SC clients never retry. */
    @Override
    public void disconnect(Disconnect d) {
        loop.run(() -> close(closeCode(d)));
    }

    static int closeCode(Disconnect d) {
        if (d.code() == Disconnect.SHUTDOWN.code()) return 1001;
        if (d.reconnect()) return d.code();
        return 4500 + Math.max(0, Math.min(499, d.code() - 3500));
    }

    @Override
    public void serverUnsubscribe(String channel, Unsubscribe unsubscribe) {
        loop.run(() -> {
            if (channels.kickOut(channel, unsubscribe.reason())) flush();
        });
    }

    // --- outbox receiver ----------------------------------------------------------------------------

    @Override
    public void publication(PreparedPublication p) {
        channels.publication(p);
    }

    @Override
    public void endOfBurst() {
        flush();
    }

    // --- frames in ----------------------------------------------------------------------------------

    @Override
    public void text(byte[] message) {
        if (closed) return;
        received.increment();
        lastSeen = now();
        FrameDecoder.Kind kind = FrameDecoder.decode(message, version, this::packet);
        if (closed) return;
        if (kind == FrameDecoder.Kind.PONG) {
            if (!handshaken && !handshaking) close(4009); // a pong before the handshake, as strictHandshake has it
            else auth.checkExpiry();
        } else if (kind == FrameDecoder.Kind.RAW && !handshaken) {
            close(4009);
        }
    }

    /** socketcluster-server 15+ decodes binary frames as text. */
    @Override
    public void binary(byte[] message) {
        text(message);
    }

    @Override
    public void readComplete() {
        flush();
    }

    private void packet(Packet p) {
        if (closed) return;
        try {
            if (!handshaken) {
                if (handshaking) close(4009); // nothing may come while the connect proxy decides the handshake
                else if (p instanceof Packet.Event e && e.event().equals("#handshake")) handshake(e);
                else close(4009);
            } else if (p instanceof Packet.Event e) {
                event(e);
            } else if (p instanceof Packet.Response r) {
                response(r);
            }
            // a raw packet after the handshake: no reply, no close (socketcluster-server emits it as 'raw')
        } catch (RuntimeException ex) {
            log.warn("SocketCluster packet failed on {}", id, ex);
            close(1011);
            return;
        }
        if (pendingChars > MAX_PENDING_CHARS) flush();
    }

    private void handshake(Packet.Event e) {
        if (e.cid() == null) {
            close(4008); // socketcluster-server 18+: "Handshake request was malformatted"
            return;
        }
        handshakeTimer = ConnectionLoop.cancel(handshakeTimer);
        Object token = e.data() instanceof JsonObject o ? FrameDecoder.member(o, "authToken") : null;
        if (token == null && server.backend().connects()) {
            handshaking = true;
            server.backend().handshake(this, e);
            return;
        }
        SocketClusterError authError = auth.handshake(token instanceof String s ? s : null);
        if (!auth.authenticated() && !access.connection().authenticate(null).accepted()) {
            refuseHandshake(e, authError != null ? authError : ScErrors.AUTH_REQUIRED);
            return;
        }
        completeHandshake(e, authError);
    }

    void refuseHandshake(Packet.Event e, SocketClusterError error) {
        send(ServerPackets.error(e.cid(), error.toMap()));
        close(4008);
    }

    /** The socket is in: the handshake's reply, then deliveries. */
    void completeHandshake(Packet.Event e, SocketClusterError authError) {
        handshaking = false;
        handshaken = true;
        node.addSession(this);
        inSession = true;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", id);
        status.put("pingTimeout", settings.pingTimeout().toMillis());
        status.put("isAuthenticated", auth.authenticated());
        if (authError != null) status.put("authError", authError.toMap());
        send(ServerPackets.response(e.cid(), status));
        if (authError != null) send(ServerPackets.event("#removeAuthToken", ServerPackets.NO_DATA));
        outbox.resume();
        server.connected(socket);
    }

    private void event(Packet.Event e) {
        String name = e.event();
        if (name.startsWith("#") && (version == 1 || RESERVED.contains(name))) {
            switch (name) {
                case "#subscribe" -> channels.subscribe(e);
                case "#unsubscribe" -> channels.unsubscribe(e);
                case "#publish" -> channels.publish(e);
                case "#authenticate" -> auth.authenticate(e);
                case "#removeAuthToken" -> auth.removedByClient();
                case "#handshake" -> {
                    if (e.invoke()) sendError(e.cid(), ScErrors.invalidAction("The socket has already completed the handshake"));
                }
                default -> { } // #disconnect from a v14 client, server-only names: nothing to do
            }
            return;
        }
        auth.checkExpiry(); // socketcluster-server checks exp on every non-reserved event
        Object data = PlainValues.of(e.data());
        if (e.invoke()) {
            InvokeHandler h = socket.procedure(name);
            Reply reply = new Reply(e.cid());
            if (h == null) {
                if (server.backend().answersRpc()) server.backend().invoke(this, name, e.data(), reply);
                else reply.error(ScErrors.noProcedure(name));
                return;
            }
            try {
                h.handle(data, reply);
            } catch (RuntimeException ex) {
                log.warn("SocketCluster procedure {} failed on {}", name, id, ex);
                reply.error(ScErrors.HANDLER_FAILED);
            }
        } else {
            TransmitHandler h = socket.receiver(name);
            if (h == null) return;
            try {
                h.handle(data);
            } catch (RuntimeException ex) {
                log.warn("SocketCluster receiver {} failed on {}", name, id, ex);
            }
        }
    }

    private void response(Packet.Response r) {
        if (r.rid() == null || !r.rid().integral()) return;
        long rid;
        try {
            rid = Long.parseLong(r.rid().text());
        } catch (NumberFormatException e) {
            return;
        }
        ServerInvoke call = invokes.remove(rid);
        if (call == null) return; // unknown rids are ignored, as on both SC sides
        ConnectionLoop.cancel(call.timer());
        if (r.error() != null) call.reply().completeExceptionally(new InvokeException(SocketClusterError.of(PlainValues.of(r.error()))));
        else call.reply().complete(PlainValues.of(r.data()));
    }

    /** The answer to one client invoke; the first call sends, from any thread. */
    final class Reply implements InvokeReply {
        private final JsonNumber rid;
        private boolean sent;

        Reply(JsonNumber rid) {
            this.rid = rid;
        }

        @Override
        public void end(Object data) {
            answer(ServerPackets.response(rid, data));
        }

        @Override
        public void end() {
            answer(ServerPackets.response(rid, ServerPackets.NO_DATA));
        }

        @Override
        public void error(SocketClusterError error) {
            answer(ServerPackets.error(rid, error.toMap()));
        }

        private void answer(String packet) {
            onLoop(() -> {
                if (sent) return;
                sent = true;
                send(packet);
            });
        }
    }

    // --- server to client ---------------------------------------------------------------------------

    void transmit(String event, Object data) {
        onLoop(() -> send(ServerPackets.event(event, data)));
    }

    CompletableFuture<Object> invoke(String event, Object data, long timeoutMs) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        onLoop(() -> {
            if (closed || !handshaken) {
                reply.completeExceptionally(new InvokeException(ScErrors.DISCONNECTED));
                return;
            }
            long cid = ++lastCid;
            ScheduledFuture<?> timer = loop.schedule(timeoutMs, () -> {
                if (invokes.remove(cid) != null) reply.completeExceptionally(new InvokeException(ScErrors.TIMEOUT));
            });
            invokes.put(cid, new ServerInvoke(reply, timer));
            send(ServerPackets.event(event, data, cid));
        });
        return reply;
    }

    /**
     * A token the server signed at the handshake, in a frame of its own after the handshake reply: socketcluster-client
     * applies the reply's {@code isAuthenticated} a tick after reading it, which would undo a #setAuthToken read with it.
     */
    void setAuthTokenAfterHandshake(String jwt) {
        executor.execute(() -> {
            if (closed) return;
            send(ServerPackets.event("#setAuthToken", Map.of("token", jwt)));
            flush();
        });
    }

    /** Runs on the loop, then flushes once at the end of the turn (so a reply and its #setAuthToken share a frame). */
    void onLoop(Runnable task) {
        loop.run(() -> {
            if (closed) return;
            task.run();
            if (!flushQueued) {
                flushQueued = true;
                executor.execute(() -> {
                    flushQueued = false;
                    flush();
                });
            }
        });
    }

    // --- frames out ---------------------------------------------------------------------------------

    void send(String packet) {
        if (closed) return;
        pending.add(packet);
        pendingChars += packet.length();
    }

    void sendError(JsonNumber rid, SocketClusterError error) {
        if (rid != null) send(ServerPackets.error(rid, error.toMap()));
    }

    void sendOk(JsonNumber rid) {
        if (rid != null) send(ServerPackets.response(rid, ServerPackets.NO_DATA));
    }

    /** A frame encoded once for many sockets: what is pending goes first, to keep the order. */
    void send(SharedFrame frame) {
        if (closed) return;
        writePending();
        link.frame(frame);
    }

    private void writePending() {
        if (pending.isEmpty()) return;
        link.frame(ServerPackets.batch(pending));
        pending.clear();
        pendingChars = 0;
    }

    void flush() {
        if (closed) return;
        writePending();
        link.flush();
        outbox.written(link.unsent());
    }

    // --- ping, pong, close --------------------------------------------------------------------------

    private void ping() {
        if (closed) return;
        writePending();
        link.frame(ServerPackets.ping(version)); // never batched
        link.flush();
        outbox.written(link.unsent()); // a peer that reads nothing is cut as slow even when nothing is published
        pingTimer = loop.schedule(settings.pingInterval().toMillis(), this::ping);
    }

    /** 4001 when nothing (a pong or any packet, as socketcluster-server 19+ counts it) came within pingTimeout. */
    private void checkPong() {
        if (closed) return;
        long quiet = now() - lastSeen;
        long timeout = settings.pingTimeout().toMillis();
        if (quiet >= timeout) close(4001);
        else pongTimer = loop.schedule(timeout - quiet, this::checkPong);
    }

    String header(String name) {
        return link.header(name);
    }

    String peer() {
        return link.peer();
    }

    void close(int code) {
        if (closed) return;
        log.debug("closing SocketCluster socket {}: {}", id, code);
        ProtocolMeters.serverDisconnects(node.meters(), PROTOCOL, code).increment();
        if (version == 1 && handshaken) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", code);
            send(ServerPackets.event("#disconnect", d)); // socketcluster-server 14 says why before closing
        }
        writePending();
        link.close(code);
        closeCode = code;
        closed();
    }

    private int closeCode = 1006;

    @Override
    public void closed() {
        closed = true;
        if (finished) return;
        finished = true;
        handshakeTimer = ConnectionLoop.cancel(handshakeTimer);
        pingTimer = ConnectionLoop.cancel(pingTimer);
        pongTimer = ConnectionLoop.cancel(pongTimer);
        outbox.close();
        channels.leaveAll();
        auth.closed();
        if (inSession) node.removeSession(this);
        for (ServerInvoke call : invokes.values()) {
            ConnectionLoop.cancel(call.timer());
            call.reply().completeExceptionally(new InvokeException(ScErrors.DISCONNECTED));
        }
        invokes.clear();
        if (handshaken) socket.closed(closeCode);
    }

    /** The user changed: the hub indexes sessions by user, so it must see the change. */
    void userChanged(Runnable change) {
        if (inSession) node.removeSession(this);
        change.run();
        if (inSession) node.addSession(this);
    }

    // --- for the parts ------------------------------------------------------------------------------

    String id() {
        return id;
    }

    boolean isClosed() {
        return closed;
    }

    ConnectionLoop loop() {
        return loop;
    }

    Executor executor() {
        return executor;
    }

    long now() {
        return access.channels().clock().millis();
    }
}
