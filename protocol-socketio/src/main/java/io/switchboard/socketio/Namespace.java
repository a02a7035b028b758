package io.switchboard.socketio;

import io.switchboard.socketio.internal.codec.PacketEncoder;
import io.switchboard.socketio.engine.internal.SharedText;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: its middlewares, connection handlers and sockets (this node's). Its rooms are core
 * channels named by {@link #channelOf}: with the default empty prefix, room {@code news} is channel
 * {@code news}, so publications from any protocol or the server API reach the room.
 */
public final class Namespace {
    private final SocketIoServer server;
    private final String name;
    private volatile String channelPrefix = "";
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<SocketIoSocket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();

    final String frameKey;
    final String frameKeyWithChannel;

    Namespace(SocketIoServer server, String name) {
        this.server = server;
        this.name = name;
        this.frameKey = PublicationFrames.cacheKey(name, false);
        this.frameKeyWithChannel = PublicationFrames.cacheKey(name, true);
    }

    public String name() {
        return name;
    }

    SocketIoServer server() {
        return server;
    }

    /** Adds a middleware; they run in the order added before every connection to this namespace. */
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** Adds a handler called for each socket that connects, on its event loop. */
    public Namespace onConnection(Consumer<SocketIoSocket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    /**
     * Names this namespace's rooms as channels under a prefix (such as {@code chat:}, to put them in a channel
     * namespace with its own rules); room names are escaped as {@link RoomChannels} says.
     */
    public Namespace channelPrefix(String prefix) {
        this.channelPrefix = prefix == null ? "" : prefix;
        return this;
    }

    /** The core channel of a room of this namespace. */
    public String channelOf(String room) {
        return RoomChannels.channel(channelPrefix, room);
    }

    /**
     * Sends an event to every socket of this namespace, on every node of the cluster; completes once the broker
     * took it (on one node, once it was handed to every socket).
     */
    public CompletableFuture<Void> emit(String event, Object... args) {
        return ClusterEmits.send(this, "", "", event, args);
    }

    void emitExcept(SocketIoSocket sender, String event, Object... args) {
        if (server.options().recovery()) { // every socket's copy carries that socket's own offset
            for (SocketIoSocket s : sockets.values()) if (s != sender) s.emit(event, args);
            return;
        }
        var packet = PacketEncoder.event(name, -1, event, Arrays.asList(args));
        var shared = new SharedText(packet.text());
        for (SocketIoSocket s : sockets.values()) {
            if (s != sender) s.conn.execute(() -> {
                if (s.connected()) s.conn.send(shared, packet.attachments());
            });
        }
    }

    /** Events to a room: a publication on its channel, which every subscriber of any protocol receives. */
    public BroadcastOperator to(String room) {
        return new BroadcastOperator(this, List.of(room), null);
    }

    /** Same as {@link #to}. */
    public BroadcastOperator in(String room) {
        return to(room);
    }

    /** This node's connected sockets of this namespace. */
    public Collection<SocketIoSocket> sockets() {
        return List.copyOf(sockets.values());
    }

    public Optional<SocketIoSocket> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    List<Consumer<SocketIoSocket>> connectionHandlers() {
        return connectionHandlers;
    }

    void added(SocketIoSocket s) {
        sockets.put(s.id(), s);
    }

    void removed(SocketIoSocket s) {
        sockets.remove(s.id(), s);
    }
}
