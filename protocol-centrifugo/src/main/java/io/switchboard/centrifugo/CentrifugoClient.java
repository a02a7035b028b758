package io.switchboard.centrifugo;

import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.auth.ConnectionToken;
import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.centrifugo.internal.codec.Command;
import io.switchboard.centrifugo.internal.codec.DecodeException;
import io.switchboard.centrifugo.internal.codec.Method;
import io.switchboard.centrifugo.internal.codec.ProtocolVersion;
import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.Session;
import io.switchboard.core.Unsubscribe;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.protocol.ConnectionAccess;
import io.switchboard.protocol.Outbox;
import io.switchboard.protocol.ProtocolMeters;
import io.switchboard.protocol.OutboxSession;
import io.switchboard.transport.StalledPeer;
import io.switchboard.protocol.Verdict;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxyCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One Centrifugo connection, whatever its transport and encoding: decodes commands, answers them, and
 * writes the core's deliveries. Its state is touched only by the connection's event loop; the core's
 * delivery calls arrive from any thread and are queued in an {@link Outbox} that the event loop drains,
 * many events into one frame.
 */
final class CentrifugoClient extends OutboxSession implements Outbox.Receiver {
    private static final Logger log = LoggerFactory.getLogger(CentrifugoClient.class);

    enum State { CONNECTING, CONNECTED, CLOSED }

    private final ClientTransport conn;
    /** Chosen by the route; replaced once by {@link #adopt} when the first frame shows protocol v1. */
    private ClientCodec codec;
    private PublicationPushes pushes;
    private final Node node;
    private final CentrifugoOptions options;
    private final ClientAccess access;
    private final RpcHandler rpc;
    private final Proxies proxies;
    final ProxiedCommands proxied;
    private final Outbox outbox;
    private final ConnectionLoop loop;
    private final String session = UUID.randomUUID().toString();
    private final Map<String, ClientSubscription> subs = new LinkedHashMap<>();
    final Subscriptions subscriptions;

    static final String PROTOCOL = "centrifugo";
    private State state = State.CONNECTING;
    /** The command being dispatched, for the reply-error metric's method label (an error of a later async completion keeps the last one). */
    private String method = "connect";
    private final io.switchboard.core.Meters.Count received;
    private final io.switchboard.core.Meters.Count deliveries;
    private String clientId = "";
    private String user = "";
    private byte[] connInfo;
    private long expireAt;
    private boolean awaitingPong;
    private boolean connectStarted;
    /** From the connect proxy, sent along with later proxy calls that include it. */
    byte[] meta;
    private Map<String, String> emulatedHeaders = Map.of();
    private ScheduledFuture<?> staleTimer, pingTimer, pongTimer, expireTimer;
    /** Shared poll settings and the server's poller; set by {@link Centrifugo#newClient} before any command. */
    SharedPollContext sharedPoll = SharedPollContext.NONE;
    private final CommandSlots slots;
    private boolean draining;

    CentrifugoClient(ClientTransport conn, ClientCodec codec, Node node, CentrifugoOptions options, ClientAccess access,
                     RpcHandler rpc, Proxies proxies) {
        this.conn = conn;
        this.codec = new RepliesSeen(codec, this::replied);
        this.pushes = PublicationPushes.of(codec);
        this.slots = new CommandSlots(options.concurrency());
        this.node = node;
        this.options = options;
        this.access = access;
        this.rpc = rpc;
        this.proxies = proxies;
        this.proxied = new ProxiedCommands(this, node, proxies, access);
        this.loop = ConnectionLoop.of(conn.eventLoop());
        this.received = ProtocolMeters.messagesReceived(node.meters(), PROTOCOL, transportName(conn));
        // slow cuts are counted with every other disconnect, in disconnect()
        this.outbox = new Outbox(conn.eventLoop(), options.queueMaxSize(), this, () -> disconnect(Disconnect.SLOW));
        this.deliveries = ProtocolMeters.messagesSent(node.meters(), PROTOCOL, transportName(conn));
        this.subscriptions = new Subscriptions(this, node, access.channels(), options, subs);
        staleTimer = schedule(options.staleCloseDelay().toMillis(), () -> {
            if (state == State.CONNECTING) disconnect(Disconnect.STALE);
        });
    }

    // --- Session (any thread) -------------------------------------------------------------------------

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public io.switchboard.core.Meters.Count deliveries() {
        return deliveries;
    }

    /** Centrifugo's transport names, as its metrics label them. */
    static String transportName(ClientTransport conn) {
        if (conn instanceof GrpcStreamTransport) return "uni_grpc";
        if (conn instanceof GrpcBidiTransport) return "grpc";
        if (conn instanceof WebSocketTransport) return conn.bidirectional() ? "websocket" : "uni_websocket";
        if (conn instanceof SockJsTransport) return "sockjs";
        return conn.bidirectional() ? "http_stream" : "uni_http_stream";
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
    public void disconnect(Disconnect disconnect) {
        if (!loop.inLoop()) {
            loop.run(() -> disconnect(disconnect));
            return;
        }
        if (state == State.CLOSED) return;
        log.debug("disconnecting client {} user {}: {}", clientId, user, disconnect);
        ProtocolMeters.serverDisconnects(node.meters(), PROTOCOL, disconnect.code()).increment();
        byte[] push = conn.bidirectional() && !conn.emulated() ? null : codec.disconnectPush(disconnect);
        cleanup();
        conn.close(new Disconnect(disconnect.code(), codec.closeReason(disconnect)), push);
        if (disconnect.code() == Disconnect.SLOW.code()) {
            // a slow peer may never read the close frame: dropped once it takes nothing for a while
            StalledPeer.watch(conn.eventLoop(), conn::pendingOutboundBytes, conn::abort, StalledPeer.GRACE_MILLIS);
        }
    }

    @Override
    public void serverSubscribe(String channel, ServerSubscription subscription) {
        onLoop(() -> {
            if (state == State.CONNECTED && !subs.containsKey(channel)) {
                subscriptions.serverSide(channel, subscription);
            }
        });
    }

    @Override
    public void serverUnsubscribe(String channel, Unsubscribe unsubscribe) {
        onLoop(() -> {
            if (state == State.CONNECTED && subs.containsKey(channel)) {
                subscriptions.end(channel, true);
                send(codec.unsubscribePush(channel, unsubscribe));
                flush();
            }
        });
    }

    /** The node found publications of the channel lost on their way here: the client resubscribes and recovers. */
    @Override
    public void positionLost(String channel) {
        onLoop(() -> {
            ClientSubscription s = subs.get(channel);
            if (state != State.CONNECTED || s == null || !s.cursor.positioned() || s.cursor.holding()) return;
            log.info("client {} lost position in {} (found by the position check)", clientId, channel);
            insufficientState(s);
            flush();
        });
    }

    /**
     * As Centrifugo: a client subscription is ended with 2500; a server-side one cannot be, nor can any of a v1
     * client (v1 has no resubscribe from an unsubscribe push), so the client reconnects.
     */
    private void insufficientState(ClientSubscription s) {
        if (s.serverSide || v1()) {
            disconnect(Disconnect.INSUFFICIENT_STATE);
            return;
        }
        subscriptions.end(s.channel, true);
        send(codec.unsubscribePush(s.channel, Unsubscribe.INSUFFICIENT_STATE));
    }

    @Override
    public void serverRefresh(boolean expired, long newExpireAt) {
        onLoop(() -> {
            if (state != State.CONNECTED) return;
            // as Centrifugo: an expiry already past ends the connection now, and every client hears the new one
            if (expired || access.channels().expired(newExpireAt)) {
                disconnect(Disconnect.EXPIRED);
                return;
            }
            expireAt = newExpireAt;
            scheduleExpiry();
            send(codec.refreshPush(expireAt > 0, access.channels().ttlSeconds(expireAt)));
            flush();
        });
    }

    // --- input (event loop) ----------------------------------------------------------------------------

    /**
     * Speaks protocol v1 from now on: the route saw it in the first frame. Only before any command was handled,
     * so nothing was written in the other generation's form.
     */
    void adopt(ClientCodec v1) {
        if (state == State.CLOSED) return;
        if (state != State.CONNECTING || !clientId.isEmpty()) throw new IllegalStateException("codec chosen already");
        this.codec = new RepliesSeen(v1, this::replied);
        this.pushes = PublicationPushes.of(v1);
    }

    boolean v1() {
        return codec.version() == ProtocolVersion.V1;
    }

    /** A frame of commands from a bidirectional client. */
    void onFrame(byte[] frame) {
        if (state == State.CLOSED) return;
        List<Command> commands;
        try {
            commands = codec.decode(frame);
        } catch (DecodeException e) {
            log.debug("bad frame from {}: {}", conn.remoteAddress(), e.getMessage());
            disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        received.add(commands.size());
        for (Command c : commands) {
            if (!slots.add(c)) {
                log.info("client {} has over {} commands waiting on client.concurrency", clientId, CommandSlots.MAX_WAITING);
                disconnect(Disconnect.SLOW);
                return;
            }
        }
        drain();
    }

    /** Runs the waiting commands that client.concurrency lets start; a connect holds back the ones after it. */
    private void drain() {
        if (draining) return;
        draining = true;
        try {
            Command c;
            while (state != State.CLOSED && (c = slots.next(state == State.CONNECTING && connectStarted)) != null) {
                run(c);
            }
        } finally {
            draining = false;
        }
    }

    /** A reply left: a command waiting on a slot may start, after the current one if a drain is running. */
    private void replied(long id) {
        if (slots.replied(id) && !draining) {
            conn.eventLoop().execute(() -> {
                drain();
                flush();
            });
        }
    }

    private void run(Command c) {
        try {
            dispatch(c);
        } catch (RuntimeException e) {
            log.error("command {} failed for client {}", c.method(), clientId, e);
            if (c.id() > 0) error(c.id(), ClientError.INTERNAL);
            else disconnect(Disconnect.SERVER_ERROR);
        }
    }

    /** The connect request of a unidirectional client (its only message). */
    void onUnidirectionalConnect(Requests.Connect req) {
        if (state != State.CONNECTING) return;
        try {
            connect(0, req);
        } catch (RuntimeException e) {
            log.error("unidirectional connect failed", e);
            disconnect(Disconnect.SERVER_ERROR);
        }
    }

    /** All input of this read is handled: the moment to send gathered replies. */
    void onReadComplete() {
        flush();
    }

    /** The transport is gone, whoever closed it. */
    void onTransportClosed() {
        cleanup();
    }

    // --- commands -------------------------------------------------------------------------------------

    private void dispatch(Command c) {
        method = c.method() == null ? "unknown" : c.method().key();
        if (v1()) {
            // v1 has no pongs: every command but send needs an id, the first must be connect, and ping is answered
            if ((c.id() == 0 && c.method() != Method.SEND) || (state == State.CONNECTING && c.method() != Method.CONNECT)) {
                disconnect(Disconnect.BAD_REQUEST);
                return;
            }
            if (c.method() == Method.PING) {
                send(codec.empty(c.id(), Method.PING));
                return;
            }
        }
        if (c.isPong()) {
            if (state != State.CONNECTED || !awaitingPong) {
                disconnect(Disconnect.BAD_REQUEST);
                return;
            }
            awaitingPong = false;
            cancel(pongTimer);
            return;
        }
        if (c.method() == null) {
            error(c.id(), ClientError.METHOD_NOT_FOUND);
            return;
        }
        if (c.method() == Method.PING || (c.id() == 0 && c.method() != Method.SEND)) {
            disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        if (state == State.CONNECTING) {
            if (c.method() == Method.CONNECT) connect(c.id(), c.request(Requests.Connect.class));
            else disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        switch (c.method()) {
            case CONNECT -> disconnect(Disconnect.BAD_REQUEST);
            case SUBSCRIBE -> subscriptions.subscribe(c.id(), c.request(Requests.Subscribe.class));
            case UNSUBSCRIBE -> {
                String channel = c.request(Requests.ChannelOnly.class).channel();
                if (channel.isEmpty()) {
                    disconnect(Disconnect.BAD_REQUEST);
                    return;
                }
                subscriptions.end(channel, true);
                send(codec.empty(c.id(), Method.UNSUBSCRIBE));
            }
            case PUBLISH -> subscriptions.publish(c.id(), c.request(Requests.Publish.class));
            case PRESENCE -> subscriptions.presence(c.id(), c.request(Requests.ChannelOnly.class).channel(), false);
            case PRESENCE_STATS -> subscriptions.presence(c.id(), c.request(Requests.ChannelOnly.class).channel(), true);
            case HISTORY -> subscriptions.history(c.id(), c.request(Requests.History.class));
            case RPC -> rpc(c.id(), c.request(Requests.Rpc.class));
            case SEND -> { } // no message handler: Centrifugo drops async messages too
            case REFRESH -> refresh(c.id(), c.request(Requests.Refresh.class));
            case SUB_REFRESH -> subscriptions.subRefresh(c.id(), c.request(Requests.SubRefresh.class));
            default -> disconnect(Disconnect.BAD_REQUEST);
        }
    }

    private void connect(long id, Requests.Connect req) {
        if (connectStarted) { // a second connect while the first waits on the connect proxy
            disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        connectStarted = true;
        emulatedHeaders = req.headers();
        if (req.token().isEmpty() && proxies.settings().connect() != null) {
            proxied.connect(id, req);
            return;
        }
        ConnectionAccess.Identity who = access.connection().authenticate(req.token());
        if (!accepted(id, who)) return;
        ConnectionToken token = who.token();
        List<CompletableFuture<Map.Entry<String, Results.Subscribe>>> serverSubs = new ArrayList<>();
        accept(UUID.randomUUID().toString(), who.user(), token == null ? null : token.info(), who.expireAt());
        if (token != null) {
            for (String channel : token.channels()) {
                serverSubs.add(subscriptions.fromConnect(channel, null, req.subs().get(channel)));
            }
            for (var e : token.subs().entrySet()) {
                if (!token.channels().contains(e.getKey())) {
                    serverSubs.add(subscriptions.fromConnect(e.getKey(), e.getValue(), req.subs().get(e.getKey())));
                }
            }
        }
        connected(id, req, token == null ? Set.of() : token.subs().keySet(),
                token == null ? List.of() : token.channels(), serverSubs, null);
    }

    /** Whether an identity may connect; if not, the client was answered as Centrifugo answers it. */
    boolean accepted(long id, ConnectionAccess.Identity who) {
        switch (who.outcome()) {
            case TOKEN_EXPIRED -> {
                connectError(id, ClientError.TOKEN_EXPIRED);
                return false;
            }
            case INVALID_TOKEN -> {
                log.info("invalid connection token from {}", conn.remoteAddress());
                disconnect(Disconnect.INVALID_TOKEN);
                return false;
            }
            case NO_CREDENTIALS -> {
                log.info("connection without token refused from {}", conn.remoteAddress());
                disconnect(Disconnect.BAD_REQUEST);
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Who the connection is, once decided: it joins the node. */
    void accept(String id, String userId, byte[] info, long expiresAt) {
        clientId = id;
        user = userId;
        connInfo = info;
        expireAt = expiresAt;
        cancel(staleTimer);
        node.addSession(this);
    }

    /**
     * The rest of a connect: channels the client names in its request where it could subscribe itself anyway,
     * then the reply once every server-side subscription has started.
     */
    void connected(long id, Requests.Connect req, Set<String> tokenSubs, List<String> tokenChannels,
                   List<CompletableFuture<Map.Entry<String, Results.Subscribe>>> serverSubs, byte[] data) {
        for (var e : req.subs().entrySet()) {
            if (tokenChannels.contains(e.getKey()) || tokenSubs.contains(e.getKey())) continue;
            if (subscriptions.mayJoinOnConnect(e.getKey())) {
                serverSubs.add(subscriptions.fromConnect(e.getKey(), null, e.getValue()));
            }
        }
        CompletableFuture.allOf(serverSubs.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> onLoop(() -> {
            if (state == State.CLOSED) return;
            Map<String, Results.Subscribe> results = new LinkedHashMap<>();
            for (var f : serverSubs) {
                var entry = f.getNow(null);
                if (entry != null) results.put(entry.getKey(), entry.getValue());
            }
            state = State.CONNECTED;
            // with a refresh proxy the server refreshes the connection itself: the client is not told it expires
            boolean expires = expireAt > 0 && !serverRefresh();
            long ttl = expires ? access.channels().ttlSeconds(expireAt) : 0;
            boolean withSession = conn.emulated() || !conn.bidirectional();
            var result = new Results.Connect(clientId, options.serverVersion(), expires, ttl, data, results,
                    options.pingInterval().toSeconds(), conn.bidirectional() && !options.pingInterval().isZero(),
                    withSession ? session : null, withSession ? node.uid() : null);
            send(conn.bidirectional() ? codec.connect(id, result) : codec.connectPush(result));
            subscriptions.activateAll();
            flush();
            schedulePing();
            scheduleExpiry();
            outbox.resume();
        }));
    }

    /** A connect that fails: an error reply on bidirectional transports, a disconnect on the others. */
    void connectError(long id, ClientError error) {
        connectStarted = false; // the connection stays: the client may send connect again
        if (conn.bidirectional()) {
            error(id, error);
        } else {
            disconnect(error == ClientError.TOKEN_EXPIRED || error == ClientError.EXPIRED ? Disconnect.EXPIRED
                    : Disconnect.BAD_REQUEST);
        }
    }

    private void refresh(long id, Requests.Refresh req) {
        if (req.token().isEmpty()) {
            disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        ConnectionAccess.Identity who = access.connection().refresh(user, req.token());
        if (who.outcome() == ConnectionAccess.Outcome.TOKEN_EXPIRED) {
            error(id, ClientError.TOKEN_EXPIRED);
            return;
        }
        if (!who.accepted()) {
            disconnect(Disconnect.INVALID_TOKEN);
            return;
        }
        long now = nowSeconds();
        expireAt = who.expireAt();
        if (who.token().info() != null) connInfo = who.token().info();
        scheduleExpiry();
        long ttl = expireAt > 0 ? Math.max(1, expireAt - now) : 0;
        send(codec.refresh(id, new Results.Refresh(clientId, options.serverVersion(), expireAt > 0, ttl)));
    }

    private void rpc(long id, Requests.Rpc req) {
        if (rpc == null && proxies.settings().rpcEnabled()) {
            proxied.rpc(id, req);
            return;
        }
        if (rpc == null) {
            error(id, ClientError.NOT_AVAILABLE);
            return;
        }
        CompletableFuture<byte[]> result;
        try {
            result = rpc.call(user, clientId, req.method(), req.data());
        } catch (RuntimeException e) {
            log.error("rpc handler failed", e);
            error(id, ClientError.INTERNAL);
            return;
        }
        whenDone(result, (data, err) -> {
            if (err != null) error(id, io.switchboard.core.CoreException.errorOf(err));
            else send(codec.rpc(id, data));
        });
    }

    // --- timers ---------------------------------------------------------------------------------------

    /**
     * v2: a ping message every interval, answered by the client's empty command within pong_timeout. v1 has no
     * ping message (its client sends pings, answered in dispatch); as Centrifuge did for v1, the server sends
     * WebSocket ping frames instead and the client's WebSocket answers them with pong frames.
     */
    private void schedulePing() {
        if (options.pingInterval().isZero()) return;
        pingTimer = schedule(options.pingInterval().toMillis(), () -> {
            if (state != State.CONNECTED) return;
            boolean answered;
            if (v1()) {
                answered = conn.ping();
            } else {
                send(codec.ping());
                flush();
                answered = conn.bidirectional();
            }
            if (answered) {
                awaitingPong = true;
                pongTimer = schedule(options.pongTimeout().toMillis(), () -> {
                    if (awaitingPong) disconnect(Disconnect.NO_PONG);
                });
            }
            schedulePing();
        });
    }

    /** A WebSocket pong frame: the answer of a v1 client's WebSocket to the server's ping frame. */
    void onTransportPong() {
        if (state != State.CONNECTED || !v1()) return;
        awaitingPong = false;
        cancel(pongTimer);
    }

    void scheduleExpiry() {
        cancel(expireTimer);
        if (expireAt <= 0) return;
        // the client refreshes within the close delay; the refresh proxy is asked at expiry itself
        long delayMs = (expireAt - nowSeconds()) * 1000 + (serverRefresh() ? 0 : options.expiredCloseDelay().toMillis());
        expireTimer = schedule(Math.max(0, delayMs), () -> {
            if (state != State.CONNECTED || expireAt <= 0) return;
            if (expireAt > nowSeconds()) scheduleExpiry();
            else if (serverRefresh()) proxied.refresh();
            else disconnect(Disconnect.EXPIRED);
        });
    }

    private boolean serverRefresh() {
        return proxies.settings().refresh() != null;
    }

    ScheduledFuture<?> schedule(long delayMs, Runnable task) {
        return loop.schedule(delayMs, task);
    }

    static void cancel(ScheduledFuture<?> timer) {
        ConnectionLoop.cancel(timer);
    }

    // --- the outbox's drain (event loop): publications and join/leave events of subscribed channels -----

    @Override
    public void publication(PreparedPublication p) {
        if (state != State.CONNECTED) return;
        ClientSubscription s = subs.get(p.channel());
        if (s == null) return;
        if (s.cursor.holding()) {
            s.cursor.hold(p);
            return;
        }
        writePublication(s, p);
    }

    @Override
    public void join(String channel, ClientInfo info) {
        joinLeave(channel, info, true);
    }

    @Override
    public void leave(String channel, ClientInfo info) {
        joinLeave(channel, info, false);
    }

    private void joinLeave(String channel, ClientInfo info, boolean join) {
        if (state != State.CONNECTED) return;
        ClientSubscription s = subs.get(channel);
        if (s == null || s.cursor.holding() || !s.pushJoinLeave) return;
        send(join ? codec.joinPush(channel, info) : codec.leavePush(channel, info));
    }

    @Override
    public void endOfBurst() {
        if (state == State.CONNECTED) flush();
    }

    /**
     * Writes a publication unless recovery already sent it; a gap in offsets means lost messages. One without
     * offset (kept out of the history) goes out as it is, as Centrifugo sends it: it says nothing of the stream.
     */
    void writePublication(ClientSubscription s, PreparedPublication p) {
        long before = s.cursor.offset();
        switch (s.cursor.step(p)) {
            case DUPLICATE -> {
                return;
            }
            case GAP -> {
                log.info("client {} lost position in {} ({} after {})", clientId, s.channel, p.position().offset(), before);
                insufficientState(s);
                return;
            }
            case DELIVER -> { }
        }
        // after the cursor moved past it: a filtered-out publication is no gap later
        if (s.tagsFilter != null && !s.tagsFilter.matches(p.publication().tags())) return;
        boolean delta = s.delta && !p.publication().removed(); // a map removal has no data to patch
        byte[] message = delta ? deltaMessage(s, p, before) : pushes.push(p);
        if (message == PublicationPushes.NOT_CARRIED) {
            disconnect(Disconnect.INAPPROPRIATE_PROTOCOL); // binary data cannot reach a JSON client intact
            return;
        }
        if (delta) {
            send(message);
        } else if (state != State.CLOSED) {
            conn.writeShared(pushes.frame(p));
        }
    }

    /** A patch when the client holds the publication it was computed against and it is smaller, else full. */
    private byte[] deltaMessage(ClientSubscription s, PreparedPublication p, long clientOffset) {
        byte[] data = p.publication().data();
        if (!codec.carries(data)) return PublicationPushes.NOT_CARRIED;
        // a map subscriber holds every entry's last value: the key's previous one is its base
        boolean base = s.mapDelta ? p.previous() != null
                : s.deltaBase && p.previous() != null && p.previous().offset() == clientOffset;
        // after one without offset the client holds data the stream never had: the next goes in full too
        s.deltaBase = p.position().offset() > 0;
        byte[] patch = base ? p.patch() : null;
        if (patch != null && patch.length < data.length) {
            return p.encoded(codec.deltaPatchSlot(), x -> codec.deltaPublicationPush(x.channel(), x.publication(), patch, true));
        }
        return p.encoded(codec.deltaFullSlot(), x -> codec.deltaPublicationPush(x.channel(), x.publication(), data, false));
    }

    // --- writing --------------------------------------------------------------------------------------

    void send(byte[] message) {
        if (state == State.CLOSED) return;
        conn.write(message);
    }

    void error(long id, ClientError error) {
        ProtocolMeters.replyErrors(node.meters(), PROTOCOL, method, error.code()).increment();
        send(codec.error(id, error));
    }

    /** A refused or ending verdict, in Centrifugo's frames: an error reply, or the connection closed. */
    void answer(long id, Verdict verdict) {
        if (verdict instanceof Verdict.Refused r) error(id, r.error());
        else if (verdict instanceof Verdict.Ended e) disconnect(e.disconnect());
    }

    void flush() {
        if (state == State.CLOSED) return;
        conn.flush();
        outbox.written(conn.pendingOutboundBytes());
    }

    ClientCodec codec() {
        return codec;
    }

    /** This connection as a proxy request describes it. */
    ProxyCaller proxyCaller() {
        return new ProxyCaller(clientId, transportName(conn), codec.binary() ? "protobuf" : "json", user, meta,
                conn::header, emulatedHeaders);
    }

    Proxies proxies() {
        return proxies;
    }

    /** A refresh proxy's new expiry and info. */
    void refreshed(long newExpireAt, byte[] info) {
        expireAt = newExpireAt;
        if (info != null) connInfo = info;
        scheduleExpiry();
    }

    long expireAt() {
        return expireAt;
    }

    String remoteAddress() {
        return conn.remoteAddress();
    }

    String session() {
        return session;
    }

    // --- helpers --------------------------------------------------------------------------------------

    State state() {
        return state;
    }

    ClientInfo info(byte[] chanInfo) {
        return new ClientInfo(user, clientId, connInfo, chanInfo);
    }

    void onLoop(Runnable task) {
        loop.run(task);
    }

    /** Runs the callback on the event loop when the future completes, at once if it already has. */
    <T> void whenDone(CompletableFuture<T> future, BiConsumer<T, Throwable> callback) {
        loop.whenDone(future, (v, e) -> {
            if (state != State.CLOSED) callback.accept(v, e);
        }, this::flush); // done later: its reply leaves on its own
    }

    /** Now on the access clock: the one the token verifier reads, so expiry checks and timers agree. */
    long nowSeconds() {
        return access.channels().nowSeconds();
    }

    private void cleanup() {
        if (state == State.CLOSED) return;
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        cancel(staleTimer);
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(expireTimer);
        outbox.close();
        if (wasConnected || !clientId.isEmpty()) {
            for (String channel : new ArrayList<>(subs.keySet())) subscriptions.end(channel, true);
            node.removeSession(this);
        }
    }
}
