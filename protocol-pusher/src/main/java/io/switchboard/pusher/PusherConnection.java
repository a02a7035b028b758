package io.switchboard.pusher;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.json.JsonObject;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.protocol.Outbox;
import io.switchboard.protocol.ProtocolMeters;
import io.switchboard.protocol.OutboxSession;
import io.switchboard.protocol.SubscribeSequence;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.pusher.internal.codec.ClientFrame;
import io.switchboard.pusher.internal.codec.FrameDecoder;
import io.switchboard.pusher.internal.codec.FrameException;
import io.switchboard.pusher.internal.codec.ServerFrames;
import io.switchboard.pusher.internal.codec.SignedData;
import io.switchboard.transport.SharedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Pusher (or Broadcastt) WebSocket connection: frames in, core calls, core events and verdicts out as
 * frames. Its state lives on the connection's event loop; the core reaches it through its {@link Outbox}.
 */
final class PusherConnection extends OutboxSession
        implements Outbox.Receiver, WebSocketEndpoint.Messages, SignedInUsers.Member {
    private static final Logger log = LoggerFactory.getLogger(PusherConnection.class);
    static final long QUEUE_MAX_BYTES = 1024 * 1024;
    static final int MAX_USER_INFO_BYTES = 1024;

    private final Pusher pusher;
    private final Node node;
    private final PusherApp app;
    private final ServerFrames frames;
    private final ConnectionLink link;
    private final ConnectionLoop loop;
    static final String PROTOCOL = "pusher";
    private final Outbox outbox;
    private final io.switchboard.core.Meters.Count received;
    private final io.switchboard.core.Meters.Count deliveries;
    private final String socketId;
    private final Map<String, ChannelSubscription> byName = new HashMap<>();
    private final Map<String, ChannelSubscription> byCore = new HashMap<>();
    private final ClientEvents clientEvents;
    private String user = "";
    private List<String> watchlist = List.of();
    private final ActivityTimer activity;
    private boolean closed;
    private boolean finished;

    PusherConnection(Pusher pusher, PusherApp app, ServerFrames frames, ConnectionLink link, ConnectionLoop loop,
                     java.util.concurrent.Executor executor, String socketId) {
        this.pusher = pusher;
        this.node = pusher.node();
        this.app = app;
        this.frames = frames;
        this.link = link;
        this.loop = loop;
        this.socketId = socketId;
        this.clientEvents = new ClientEvents(pusher, app, frames, link, socketId);
        // slow cuts are counted with every other close, in close()
        this.outbox = new Outbox(executor, QUEUE_MAX_BYTES, this, () -> loop.run(() -> close(4100, "Over capacity: too slow")));
        this.deliveries = ProtocolMeters.messagesSent(node.meters(), PROTOCOL, "websocket");
        this.received = ProtocolMeters.messagesReceived(node.meters(), PROTOCOL, "websocket");
        this.activity = new ActivityTimer(loop, pusher.settings(), this::now, () -> {
            link.send(frames.ping());
            flush();
        }, () -> close(4201, "Pong reply not received"));
    }

    @Override
    protected Outbox outbox() {
        return outbox;
    }

    /** The handshake is done: the connection is known to the core and told its socket id. */
    void open() {
        node.addSession(this);
        link.send(frames.connectionEstablished(socketId, pusher.settings().activityTimeout().toSeconds()));
        link.flush();
        activity.start();
        outbox.resume();
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
        return socketId;
    }

    @Override
    public String userId() {
        return user;
    }

    @Override
    public void disconnect(Disconnect d) {
        loop.run(() -> {
            if (d.code() == Disconnect.SHUTDOWN.code()) close(4200, "Server is shutting down");
            else if (d.code() == Disconnect.SLOW.code()) close(4100, "Over capacity: too slow");
            else close(d.reconnect() ? 4200 : 4009, d.reason());
        });
    }

    @Override
    public void serverUnsubscribe(String channel, io.switchboard.core.Unsubscribe unsubscribe) {
        loop.run(() -> {
            ChannelSubscription s = byCore.get(channel);
            if (s != null) leave(s);
        });
    }

    // --- outbox receiver ----------------------------------------------------------------------------

    @Override
    public void publication(PreparedPublication p) {
        ChannelSubscription s = byCore.get(p.channel());
        if (s == null) return;
        if (!s.live()) {
            s.hold(p);
            return;
        }
        deliver(s, p);
    }

    private void deliver(ChannelSubscription s, PreparedPublication p) {
        Publication pub = p.publication();
        if (pub.excludes(socketId)) return;
        if (pub.info() != null && socketId.equals(pub.info().client())) return; // client events are not echoed
        if (s.replayed(p)) return;
        link.send(EventFrames.frame(p, frames.dialect()));
    }

    @Override
    public void join(String channel, ClientInfo info) {
        ChannelSubscription s = byCore.get(channel);
        if (s == null || s.type != ChannelType.PRESENCE) return;
        if (!s.live()) s.hold(new Presence(info, true));
        else presence(s, info, true);
    }

    @Override
    public void leave(String channel, ClientInfo info) {
        ChannelSubscription s = byCore.get(channel);
        if (s == null || s.type != ChannelType.PRESENCE) return;
        if (!s.live()) s.hold(new Presence(info, false));
        else presence(s, info, false);
    }

    private record Presence(ClientInfo info, boolean join) {
    }

    private void presence(ChannelSubscription s, ClientInfo info, boolean join) {
        if (info.client().equals(socketId)) return;
        if (join && s.joined(info)) link.send(frames.memberAdded(s.name, info.user(), utf8(info.chanInfo())));
        if (!join && s.left(info)) link.send(frames.memberRemoved(s.name, info.user()));
    }

    @Override
    public void endOfBurst() {
        flush();
    }

    private void flush() {
        link.flush();
        outbox.written(link.unsent());
    }

    // --- client messages ----------------------------------------------------------------------------

    @Override
    public void text(byte[] message) {
        if (closed) return;
        received.increment();
        activity.answered();
        ClientFrame f;
        try {
            f = FrameDecoder.decode(message);
        } catch (FrameException e) {
            link.send(frames.error(null, "Invalid message format: " + e.getMessage()));
            return;
        }
        try {
            handle(f);
        } catch (RuntimeException e) {
            // one bad message fails only this connection
            log.warn("Pusher message failed on {}", socketId, e);
            close(4200, "Internal server error");
        }
    }

    @Override
    public void binary(byte[] message) {
        if (closed) return;
        activity.heard();
        link.send(frames.error(null, "Binary messages are not supported"));
    }

    @Override
    public void pong() {
        activity.answered();
    }

    @Override
    public void readComplete() {
        flush();
    }

    private void handle(ClientFrame f) {
        String protocolEvent = frames.dialect().protocolEvent(f.event());
        if (protocolEvent != null) {
            switch (protocolEvent) {
                case "ping" -> link.send(frames.pong());
                case "pong" -> { }
                case "subscribe" -> subscribe(f.dataObject());
                case "unsubscribe" -> unsubscribe(f.dataObject());
                case "signin" -> signin(f.dataObject());
                default -> link.send(frames.error(null, "Unknown event " + f.event()));
            }
            return;
        }
        if (f.event().startsWith("client-")) {
            clientEvents.send(f, f.channel() == null ? null : byName.get(f.channel()), user, now());
        } else {
            link.send(frames.error(4301, "Client event names must start with client-"));
        }
    }

    // --- subscribe ----------------------------------------------------------------------------------

    private void subscribe(JsonObject data) {
        String channel = ClientFrame.string(data, "channel");
        if (channel == null || channel.isEmpty()) {
            link.send(frames.error(null, "pusher:subscribe needs a channel"));
            return;
        }
        if (!ChannelNames.valid(channel, app.maxChannelNameLength())) {
            link.send(frames.subscriptionError(channel, "InvalidChannel", "Invalid channel name: " + channel, 400));
            return;
        }
        if (byName.containsKey(channel)) {
            link.send(frames.error(null, "Already subscribed to " + channel));
            return;
        }
        ChannelType type = ChannelType.of(channel);
        String channelData = ClientFrame.string(data, "channel_data");
        if (!authorized(type, channel, ClientFrame.string(data, "auth"), channelData)) return;
        ClientInfo member = null;
        if (type == ChannelType.PRESENCE) {
            member = member(channel, channelData);
            if (member == null) return;
        }
        String core = app.coreChannel(channel);
        if (!pusher.access().channels().name(core).isAllowed() || node.optionsFor(core).isEmpty()) {
            link.send(frames.subscriptionError(channel, "InvalidChannel", "Channel not available: " + channel, 400));
            return;
        }
        ChannelSubscription s = new ChannelSubscription(channel, core);
        s.member = member;
        byName.put(channel, s);
        byCore.put(core, s);
        if (type == ChannelType.PRESENCE) subscribePresence(s);
        else subscribePlain(s);
    }

    private boolean authorized(ChannelType type, String channel, String auth, String channelData) {
        if (type == ChannelType.USER) {
            if (user.isEmpty() || !channel.equals(ChannelType.USER_PREFIX + user)) {
                link.send(frames.subscriptionError(channel, "AuthError", "Sign in as this user first", 401));
                return false;
            }
            return true;
        }
        if (!type.authorized()) return true;
        String signed = Signatures.channelString(socketId, channel, type == ChannelType.PRESENCE ? channelData : null);
        if (type == ChannelType.PRESENCE && channelData == null) {
            link.send(frames.subscriptionError(channel, "AuthError", "A presence channel needs channel_data", 401));
            return false;
        }
        if (!Signatures.validAuth(app, auth, signed)) {
            link.send(frames.subscriptionError(channel, "AuthError", "Invalid signature", 401));
            return false;
        }
        return true;
    }

    /** The member a presence subscription's channel_data names, or null (answered) when it is malformed. */
    private ClientInfo member(String channel, String channelData) {
        SignedData.Member m = SignedData.channelData(channelData);
        if (m == null) {
            link.send(frames.subscriptionError(channel, "InvalidChannelData",
                    "channel_data must be a JSON object with a user_id (a string of at most 128 characters)", 400));
            return null;
        }
        if (m.userInfo() != null && m.userInfo().length > MAX_USER_INFO_BYTES) {
            link.send(frames.subscriptionError(channel, "LimitReached", "user_info is larger than 1 KB", 4301));
            return null;
        }
        return new ClientInfo(m.userId(), socketId, null, m.userInfo());
    }

    private void subscribePlain(ChannelSubscription s) {
        SubscribeSequence.Read read = SubscribeSequence.Read.NOTHING;
        loop.whenDone(SubscribeSequence.start(node, this, s.core, node.optionsFor(s.core).orElseThrow(), read, null), (v, err) -> {
            if (failed(s, err)) return;
            if (!s.cache) {
                succeeded(s, 0);
                return;
            }
            loop.whenDone(node.history(s.core, new HistoryFilter(null, 1, true)), (h, herr) -> cached(s, h, herr), this::flush);
        }, this::flush);
    }

    private void cached(ChannelSubscription s, HistoryResult h, Throwable err) {
        if (byCore.get(s.core) != s) return;
        Publication last = err == null && !h.publications().isEmpty() ? h.publications().get(0) : null;
        link.send(frames.subscriptionSucceeded(s.name));
        if (last != null) {
            String data = frames.dialect().stringData() ? EventData.toBroadcastt(last.data()) : EventData.toPusher(last.data());
            link.send(ServerFrames.channelEvent(EventData.eventName(last.tags()), s.name, data, null));
        } else {
            link.send(frames.cacheMiss(s.name));
            webhook("cache_miss", s.name, Map.of());
        }
        live(s, last == null ? 0 : last.offset());
    }

    private void subscribePresence(ChannelSubscription s) {
        loop.whenDone(node.presence(s.core), (before, err) -> {
            if (byCore.get(s.core) != s) return;
            if (err == null && full(before, s.member.user())) {
                drop(s);
                link.send(frames.subscriptionError(s.name, "LimitReached", "The presence channel is full", 4100));
                return;
            }
            var started = SubscribeSequence.start(node, this, s.core, node.optionsFor(s.core).orElseThrow(),
                    SubscribeSequence.Read.NOTHING, null)
                    .thenCompose(v -> node.addPresence(s.core, s.member))
                    .thenCompose(v -> node.presence(s.core));
            loop.whenDone(started, (members, perr) -> {
                if (failed(s, perr)) return;
                Map<String, ClientInfo> snapshot = new LinkedHashMap<>(members);
                snapshot.put(socketId, s.member);
                link.send(frames.presenceSucceeded(s.name, s.members(snapshot)));
                node.publishJoin(s.core, s.member);
                // the user's first connection on this node, and none on another node (presence is the cluster's)
                if (pusher.presenceUsers().added(s.core, s.member.user()) && !otherConnection(members, s.member.user())) {
                    webhook("member_added", s.name, Map.of("user_id", s.member.user()));
                }
                live(s, 0);
            }, this::flush);
        }, this::flush);
    }

    /**
     * Whether the user has a connection in the channel's presence on another node. This node's connections are
     * left to {@link PresenceUsers}' count: two of them joining at once would each see the other here.
     */
    private boolean otherConnection(Map<String, ClientInfo> members, String user) {
        for (Map.Entry<String, ClientInfo> e : members.entrySet()) {
            if (e.getValue().user().equals(user) && node.hub().session(e.getKey()) == null) return true;
        }
        return false;
    }

    /** Whether a new member would be one user too many (another connection of a member is not a new member). */
    private boolean full(Map<String, ClientInfo> present, String userId) {
        java.util.Set<String> users = new java.util.HashSet<>();
        for (ClientInfo info : present.values()) {
            if (info.user().equals(userId)) return false;
            users.add(info.user());
        }
        return users.size() >= app.maxPresenceMembers();
    }

    private boolean failed(ChannelSubscription s, Throwable err) {
        if (byCore.get(s.core) != s) { // unsubscribed or closed meanwhile: undo what the subscribe did
            if (err == null) {
                node.unsubscribe(this, s.core);
                if (s.type == ChannelType.PRESENCE) node.removePresence(s.core, socketId);
            }
            return true;
        }
        if (err == null) return false;
        drop(s);
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        String why = cause instanceof CoreException ce ? ce.error().message() : "internal error";
        link.send(frames.subscriptionError(s.name, "ServerError", "Subscription failed: " + why, 500));
        return true;
    }

    private void succeeded(ChannelSubscription s, long offset) {
        link.send(frames.subscriptionSucceeded(s.name));
        live(s, offset);
    }

    private void live(ChannelSubscription s, long replayedOffset) {
        for (Object held : s.goLive(replayedOffset)) {
            if (held instanceof PreparedPublication p) deliver(s, p);
            else if (held instanceof Presence e) presence(s, e.info(), e.join());
        }
        if (s.type != ChannelType.PRESENCE) pusher.subscriptionCounts().changed(app, s.core);
    }

    private void unsubscribe(JsonObject data) {
        String channel = ClientFrame.string(data, "channel");
        ChannelSubscription s = channel == null ? null : byName.get(channel);
        if (s != null) leave(s);
    }

    /** Leaves a channel: the core forgets the subscriber and, on presence channels, the member. */
    private void leave(ChannelSubscription s) {
        drop(s);
        node.unsubscribe(this, s.core);
        if (s.type == ChannelType.PRESENCE && s.live()) {
            ClientInfo m = s.member;
            var removed = node.removePresence(s.core, socketId);
            removed.thenCompose(v -> node.publishLeave(s.core, m));
            if (pusher.presenceUsers().removed(s.core, m.user())) {
                // the user's last connection on this node; member_removed unless another node still has one
                removed.thenCompose(v -> node.presence(s.core)).thenAccept(members -> {
                    if (!otherConnection(members, m.user())) webhook("member_removed", s.name, Map.of("user_id", m.user()));
                });
            }
        } else if (s.live()) {
            pusher.subscriptionCounts().changed(app, s.core);
        }
    }

    private void drop(ChannelSubscription s) {
        byName.remove(s.name, s);
        byCore.remove(s.core, s);
    }

    // --- sign-in and watchlists ---------------------------------------------------------------------

    private void signin(JsonObject data) {
        SignIn result = SignIn.check(app, socketId, user, data);
        if (result instanceof SignIn.Refused r) {
            close(4009, "Sign-in failed: " + r.why()); // close says why with pusher:error first
        } else if (result instanceof SignIn.Repeated r) {
            link.send(frames.signinSuccess(r.userData()));
        } else if (result instanceof SignIn.Accepted a) {
            signedIn(a);
        }
    }

    private void signedIn(SignIn.Accepted a) {
        if (a.cut()) {
            link.send(frames.error(4302, "Watchlist limit exceeded: only the first " + SignIn.MAX_WATCHLIST + " user ids are watched"));
        }
        node.removeSession(this);
        user = a.userId();
        watchlist = a.watchlist();
        node.addSession(this);
        link.send(frames.signinSuccess(a.userData()));
        List<String> online = new ArrayList<>();
        for (String w : watchlist) if (pusher.users().online(app, w)) online.add(w);
        if (!online.isEmpty()) link.send(frames.watchlistEvent("online", online));
        pusher.users().add(app, user, this);
    }

    @Override
    public void terminate() {
        loop.run(() -> close(4009, "You got disconnected by the app."));
    }

    @Override
    public void watchlist(String name, List<String> userIds) {
        loop.run(() -> {
            if (closed) return;
            link.send(frames.watchlistEvent(name, userIds));
            flush();
        });
    }

    @Override
    public List<String> watchlist() {
        return watchlist;
    }

    /** A channel's subscriber count changed (any thread). */
    void subscriptionCount(String coreChannel, int count) {
        loop.run(() -> {
            ChannelSubscription s = byCore.get(coreChannel);
            if (closed || s == null || !s.live()) return;
            link.send(frames.subscriptionCount(s.name, count));
            flush();
        });
    }

    // --- close ----------------------------------------------------------------------------

    /** Tells the client why (pusher:error with the code, which clients read before the close frame), then closes. */
    void close(int code, String reason) {
        if (closed) return;
        log.debug("closing Pusher connection {} (user {}): {} {}", socketId, user, code, reason);
        ProtocolMeters.serverDisconnects(node.meters(), PROTOCOL, code).increment();
        link.send(frames.error(code, reason));
        link.flush();
        link.close(code, reason);
        closed();
    }

    @Override
    public void closed() {
        closed = true;
        if (finished) return;
        finished = true;
        activity.stop();
        outbox.close();
        for (ChannelSubscription s : new ArrayList<>(byName.values())) leave(s);
        if (!user.isEmpty()) pusher.users().remove(app, user, this);
        node.removeSession(this);
        pusher.connectionClosed(app);
    }

    private void webhook(String name, String channel, Map<String, Object> fields) {
        pusher.webhook(app, name, channel, fields);
    }

    private long now() {
        return pusher.access().channels().clock().millis();
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
