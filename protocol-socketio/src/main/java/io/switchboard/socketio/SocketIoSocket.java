package io.switchboard.socketio;

import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.Session;
import io.switchboard.core.Unsubscribe;
import io.switchboard.protocol.Outbox;
import io.switchboard.protocol.ProtocolMeters;
import io.switchboard.protocol.OutboxSession;
import io.switchboard.socketio.internal.codec.PacketEncoder;
import io.switchboard.socketio.internal.codec.SocketIoPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client connected to one namespace: what handlers talk to, and a core {@link Session} whose rooms are
 * core channels. Its state is touched only on its connection's event loop; every public method may be called
 * from any thread and hops there. Handlers run on that loop and must not block.
 */
public final class SocketIoSocket extends OutboxSession {
    private static final Logger log = LoggerFactory.getLogger(SocketIoSocket.class);

    private enum State { CONNECTING, CONNECTED, DISCONNECTED }

    final SocketIoConnection conn;
    final Namespace namespace;
    private final String id;
    private final Handshake handshake;
    static final String PROTOCOL = "socketio";
    private final Outbox outbox;
    private volatile String user = "";
    private volatile State state = State.CONNECTING;
    private Map<String, List<EventHandler>> handlers;
    private List<Consumer<String>> disconnectHandlers;
    final Rooms rooms;
    private Map<Long, PendingAck> acks;
    private long nextAckId = 1;
    private Map<String, Object> data;
    boolean recovered;
    String pid;
    ScheduledFuture<?> expiry;
    /** The connect proxy's {@code meta}, sent along with later proxy calls that include it. */
    volatile byte[] proxyMeta;

    private record PendingAck(CompletableFuture<List<Object>> future, ScheduledFuture<?> timer) {
    }

    private final io.switchboard.core.Meters.Count deliveries;

    SocketIoSocket(SocketIoConnection conn, Namespace namespace, String id, Handshake handshake) {
        this.conn = conn;
        this.namespace = namespace;
        this.id = id;
        this.handshake = handshake;
        this.rooms = new Rooms(this);
        this.outbox = new Outbox(conn.engine().laterExecutor(), namespace.server().options().maxQueuedBytes(),
                new Outbox.Receiver() { // not the socket itself: its public API is the handlers'
                    @Override
                    public void publication(PreparedPublication p) {
                        if (state != State.CONNECTED) return;
                        conn.engine().holdFlush(); // the burst ends with endOfBurst
                        rooms.deliver(p);
                    }

                    @Override
                    public void endOfBurst() {
                        conn.engine().flush(); // the burst leaves in one write
                    }
                }, () -> disconnect(Disconnect.SLOW)); // the cut is counted with every other disconnect
        this.deliveries = ProtocolMeters.messagesSent(namespace.server().node().meters(), PROTOCOL, "engineio");
    }

    // --- what handlers use ---------------------------------------------------------------------------------

    public String id() {
        return id;
    }

    public Handshake handshake() {
        return handshake;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** The authenticated user ("" when anonymous): set by a middleware, or from the connection token. */
    public String user() {
        return user;
    }

    /** Sets who this socket is; meant for middlewares, before the socket connects. */
    public void user(String userId) {
        this.user = userId == null ? "" : userId;
    }

    /**
     * Application data kept with the socket (and restored with it by connection state recovery). A map to use
     * from the socket's handlers; created on first use.
     */
    public synchronized Map<String, Object> data() {
        if (data == null) data = new LinkedHashMap<>();
        return data;
    }

    synchronized Map<String, Object> dataIfAny() {
        return data == null ? Map.of() : data;
    }

    /** Whether this socket was restored by connection state recovery, with the events it missed. */
    public boolean recovered() {
        return recovered;
    }

    public boolean connected() {
        return state == State.CONNECTED;
    }

    /** The transport underneath: "polling" or "websocket". */
    public String transport() {
        return conn.engine().transport();
    }

    /** Adds a handler for an event (several may listen to one event). */
    public SocketIoSocket on(String event, EventHandler handler) {
        conn.execute(() -> {
            if (handlers == null) handlers = new HashMap<>(4);
            handlers.computeIfAbsent(event, e -> new ArrayList<>(1)).add(handler);
        });
        return this;
    }

    /** Called once when the socket leaves, with the reason ("client namespace disconnect", "transport close", ...). */
    public SocketIoSocket onDisconnect(Consumer<String> handler) {
        conn.execute(() -> {
            if (disconnectHandlers == null) disconnectHandlers = new ArrayList<>(1);
            disconnectHandlers.add(handler);
        });
        return this;
    }

    /** Sends an event to this client. Arguments are plain Java values; byte[] travels as binary. */
    public void emit(String event, Object... args) {
        List<Object> list = Arrays.asList(args);
        conn.execute(() -> {
            if (state != State.CONNECTED) return;
            List<Object> out = list;
            String offset = rooms.offsetForDirectEmit();
            if (offset != null) {
                out = new ArrayList<>(list);
                out.add(offset);
            }
            send(PacketEncoder.event(namespace.name(), -1, event, out));
        });
    }

    /**
     * Sends an event that asks for an acknowledgement; completes with the client's answer, or exceptionally with
     * a {@link TimeoutException} after the server's ack timeout, or when the socket disconnects first.
     */
    public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
        CompletableFuture<List<Object>> future = new CompletableFuture<>();
        List<Object> list = Arrays.asList(args);
        conn.execute(() -> {
            if (state != State.CONNECTED) {
                future.completeExceptionally(new IllegalStateException("socket " + id + " is not connected"));
                return;
            }
            long ackId = nextAckId++;
            long timeout = namespace.server().options().ackTimeout().toMillis();
            ScheduledFuture<?> timer = conn.loop().schedule(timeout, () -> {
                PendingAck p = acks == null ? null : acks.remove(ackId);
                if (p != null) p.future.completeExceptionally(new TimeoutException("no ack for " + event + " in " + timeout + " ms"));
            });
            if (acks == null) acks = new HashMap<>(4);
            acks.put(ackId, new PendingAck(future, timer));
            send(PacketEncoder.event(namespace.name(), ackId, event, list));
        });
        return future;
    }

    /** Joins a room: the core channel of that name in this namespace. Completes once the join took effect. */
    public CompletableFuture<Void> join(String room) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        conn.execute(() -> {
            if (state == State.DISCONNECTED) {
                done.complete(null);
                return;
            }
            rooms.join(room, namespace.channelOf(room), false).whenComplete((v, e) -> {
                if (e != null) done.completeExceptionally(e);
                else done.complete(null);
            });
        });
        return done;
    }

    /**
     * Server-side subscriptions from the connect proxy: each channel a room of its own name, as the server API's
     * subscribe makes them. Completes once every join took effect or failed (a channel that is no channel is skipped).
     */
    CompletableFuture<Void> joinServerSide(java.util.Collection<String> channels) {
        List<CompletableFuture<Void>> joins = new ArrayList<>(channels.size());
        for (String channel : channels) joins.add(rooms.join(channel, channel, true).exceptionally(e -> null));
        return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new));
    }

    public void leave(String room) {
        conn.execute(() -> rooms.leaveRoom(room));
    }

    /** The rooms this socket is in, its own id first. */
    public Set<String> rooms() {
        Set<String> out = new LinkedHashSet<>();
        out.add(id);
        out.addAll(rooms.names());
        return out;
    }

    /** Events to a room, reaching everyone in it but this socket. */
    public BroadcastOperator to(String room) {
        return new BroadcastOperator(namespace, List.of(room), this);
    }

    /** Events to every other socket of the namespace (this node's). */
    public BroadcastOperator broadcast() {
        return new BroadcastOperator(namespace, List.of(), this);
    }

    /** Leaves the namespace (the client hears "io server disconnect"); with {@code close}, ends the connection too. */
    public void disconnect(boolean close) {
        conn.execute(() -> {
            if (state == State.DISCONNECTED) return;
            if (state == State.CONNECTED) send(PacketEncoder.encode(SocketIoPacket.DISCONNECT, namespace.name(), -1, SocketIoPacket.NO_DATA));
            onClose("server namespace disconnect");
            if (close) conn.engine().close();
        });
    }

    // --- core Session (any thread) ---------------------------------------------------------------------------

    @Override
    public String clientId() {
        return id;
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public io.switchboard.core.Meters.Count deliveries() {
        return deliveries;
    }

    @Override
    public String userId() {
        return user;
    }

    @Override
    protected Outbox outbox() {
        return outbox;
    }

    @Override
    public void deliverJoin(String channel, ClientInfo info) {
        // Socket.IO has no presence events: not even queued
    }

    @Override
    public void deliverLeave(String channel, ClientInfo info) {
    }

    /** The node ends this socket: clients told not to come back hear "io server disconnect"; others reconnect. */
    @Override
    public void disconnect(Disconnect disconnect) {
        ProtocolMeters.serverDisconnects(namespace.server().node().meters(), PROTOCOL, disconnect.code())
                .increment();
        if (disconnect.reconnect()) {
            conn.execute(() -> {
                if (state == State.CONNECTED) conn.engine().close();
            });
        } else {
            disconnect(false);
        }
    }

    /**
     * Publications of a room were lost on their way to this node. With connection state recovery the transport
     * is closed, so the client reconnects and recovers from its offset (or hears {@code recovered} false);
     * without it Socket.IO has no way to say so.
     */
    @Override
    public void positionLost(String channel) {
        if (!namespace.server().options().recovery()) return;
        conn.execute(() -> {
            if (state == State.CONNECTED) conn.engine().close();
        });
    }

    @Override
    public void serverSubscribe(String channel, ServerSubscription subscription) {
        conn.execute(() -> {
            if (state == State.CONNECTED) rooms.join(channel, channel, true);
        });
    }

    @Override
    public void serverUnsubscribe(String channel, Unsubscribe unsubscribe) {
        conn.execute(() -> rooms.leaveChannel(channel));
    }

    // --- the connection's side (event loop) ------------------------------------------------------------------

    ClientInfo info() {
        return new ClientInfo(user, id, null, null);
    }

    void onConnected() {
        state = State.CONNECTED;
        outbox.resume();
    }

    void onEvent(SocketIoPacket p) {
        List<Object> all = p.list();
        String event = String.valueOf(all.get(0));
        List<Object> args = new ArrayList<>(all.subList(1, all.size()));
        Ack ack = p.id() < 0 ? null : ackFor(p.id());
        List<EventHandler> list = handlers == null ? null : handlers.get(event);
        if (list == null) {
            ChannelEvents channelEvents = namespace.server().channelEvents();
            if (channelEvents != null && channelEvents.handle(this, event, args, ack)) return;
            BackendProxies backend = namespace.server().backend();
            if (ack != null && backend != null && backend.answersRpc()) backend.rpc(this, event, args, ack);
            return;
        }
        for (EventHandler h : List.copyOf(list)) {
            try {
                h.handle(args, ack);
            } catch (RuntimeException e) {
                log.error("handler of event '{}' failed on socket {}", event, id, e);
            }
        }
    }

    private Ack ackFor(long ackId) {
        AtomicBoolean sent = new AtomicBoolean();
        return args -> {
            if (!sent.compareAndSet(false, true)) return;
            List<Object> list = Arrays.asList(args);
            conn.execute(() -> {
                if (state == State.CONNECTED) send(PacketEncoder.encode(SocketIoPacket.ACK, namespace.name(), ackId, list));
            });
        };
    }

    void onAck(SocketIoPacket p) {
        PendingAck pending = acks == null ? null : acks.remove(p.id());
        if (pending == null) return; // late or unknown: nothing waits for it
        pending.timer.cancel(false);
        pending.future.complete(p.list());
    }

    void send(PacketEncoder.Encoded packet) {
        conn.send(packet.text(), packet.attachments());
    }

    /** Leaves the namespace for good: rooms, hub, pending acks, handlers told. Idempotent. */
    void onClose(String reason) {
        if (state == State.DISCONNECTED) return;
        boolean wasConnected = state == State.CONNECTED;
        state = State.DISCONNECTED;
        outbox.close();
        if (expiry != null) expiry.cancel(false);
        if (wasConnected) namespace.server().recovery().persistIfRecoverable(this, reason);
        rooms.leaveAll();
        namespace.removed(this);
        conn.removed(this);
        if (acks != null) {
            for (PendingAck p : acks.values()) {
                p.timer.cancel(false);
                p.future.completeExceptionally(new IllegalStateException("socket " + id + " disconnected: " + reason));
            }
            acks = null;
        }
        if (!wasConnected || disconnectHandlers == null) return;
        for (Consumer<String> h : disconnectHandlers) {
            try {
                h.accept(reason);
            } catch (RuntimeException e) {
                log.error("disconnect handler failed on socket {}", id, e);
            }
        }
    }

    @Override
    public String toString() {
        return "socket " + id + " of " + namespace.name();
    }
}
