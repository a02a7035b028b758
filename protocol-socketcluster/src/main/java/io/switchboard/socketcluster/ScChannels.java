package io.switchboard.socketcluster;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.CoreException;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.PublishOptions;
import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.protocol.ChannelAccess;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.StreamCursor;
import io.switchboard.protocol.SubscribeSequence;
import io.switchboard.protocol.Verdict;
import io.switchboard.socketcluster.internal.codec.FrameDecoder;
import io.switchboard.socketcluster.internal.codec.Packet;
import io.switchboard.socketcluster.internal.codec.ServerPackets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * One socket's channels: {@code #subscribe} (always answered when it has a cid), {@code #unsubscribe}, {@code #publish}
 * from the client, deliveries, and {@code #kickOut} when the server ends a subscription. A SocketCluster channel is the
 * core channel of the same name, under the channel verdicts of every protocol.
 */
final class ScChannels {
    private final ScConnection c;
    private final Node node;
    private final ChannelAccess access;
    private final int limit;
    private final Map<String, Subscription> subs = new LinkedHashMap<>();

    private static final class Subscription {
        final String channel;
        final boolean presence;
        final StreamCursor cursor = new StreamCursor(false); // only holds deliveries until the reply is out

        Subscription(String channel, boolean presence) {
            this.channel = channel;
            this.presence = presence;
        }
    }

    ScChannels(ScConnection c, Node node, ClientAccess access, int limit) {
        this.c = c;
        this.node = node;
        this.access = access.channels();
        this.limit = limit;
    }

    Set<String> names() {
        return Set.copyOf(subs.keySet());
    }

    void subscribe(Packet.Event e) {
        JsonObject o = e.data() instanceof JsonObject obj ? obj : null;
        if (o == null || !(FrameDecoder.member(o, "channel") instanceof String channel)) {
            c.sendError(e.cid(), ScErrors.invalidAction("Subscribe channel name was malformatted"));
            return;
        }
        if (subs.containsKey(channel)) { // idempotent, as socketcluster-server's
            c.sendOk(e.cid());
            return;
        }
        if (subs.size() >= limit) {
            c.sendError(e.cid(), ScErrors.broker("Failed to subscribe socket to the " + channel
                    + " channel - Socket " + c.id() + " tried to exceed the channel subscription limit of " + limit));
            return;
        }
        // a subscription token (for a private channel) may come in the subscription data: {data: {token}}
        Object subData = FrameDecoder.member(o, "data");
        String token = subData instanceof JsonObject d && FrameDecoder.member(d, "token") instanceof String t ? t : null;
        ChannelAccess.Grant grant = access.subscribe(c.userId(), channel, token);
        if (!answered(e.cid(), grant.verdict())) return;
        Subscription s = new Subscription(channel, grant.options().presence());
        subs.put(channel, s);
        var started = SubscribeSequence.start(node, c, channel, grant.options(), SubscribeSequence.Read.NOTHING, null);
        c.loop().whenDone(started, (v, err) -> {
            if (subs.get(channel) != s) { // unsubscribed or closed meanwhile
                if (err == null) node.unsubscribe(c, channel);
                return;
            }
            if (err != null) {
                subs.remove(channel);
                c.sendError(e.cid(), ScErrors.broker("Failed to subscribe socket to the " + channel + " channel - " + why(err)));
                return;
            }
            if (s.presence) node.addPresence(channel, info());
            c.sendOk(e.cid());
            for (PreparedPublication p : s.cursor.goLive()) deliver(p);
        }, c::flush);
    }

    void unsubscribe(Packet.Event e) {
        if (!(e.data() instanceof String channel)) {
            c.sendError(e.cid(), ScErrors.invalidAction("Unsubscribe channel name was malformatted"));
            return;
        }
        Subscription s = subs.get(channel);
        if (s == null) {
            c.sendError(e.cid(), ScErrors.broker("Failed to unsubscribe socket from the " + channel
                    + " channel - InvalidActionError: Socket " + c.id() + " is not subscribed to the " + channel + " channel"));
            return;
        }
        leave(s);
        c.sendOk(e.cid());
    }

    /** A client publish: delivered (to the publisher too when subscribed) before the ack, as socketcluster-server does. */
    void publish(Packet.Event e) {
        JsonObject o = e.data() instanceof JsonObject obj ? obj : null;
        if (o == null || !(FrameDecoder.member(o, "channel") instanceof String channel)) {
            c.sendError(e.cid(), ScErrors.invalidAction("Publish channel name was malformatted"));
            return;
        }
        Subscription s = subs.get(channel);
        Verdict v = access.publish(c.userId(), channel, s != null && !s.cursor.holding());
        if (!answered(e.cid(), v)) return;
        byte[] data = CompactJson.write(FrameDecoder.member(o, "data")).getBytes(StandardCharsets.UTF_8);
        JsonNumber cid = e.cid();
        node.publish(channel, data, new PublishOptions(info(), Map.of(), false, false)).whenComplete((pos, err) ->
                // after the delivery's drain, which the publish queued on this loop first
                c.executor().execute(() -> {
                    if (c.isClosed()) return;
                    if (err == null) c.sendOk(cid);
                    else c.sendError(cid, ScErrors.broker("Failed to publish to the " + channel + " channel - " + why(err)));
                    c.flush();
                }));
    }

    /** Whether the verdict allows; a refusal is answered (when there is a cid), an ending closes the socket. */
    private boolean answered(JsonNumber cid, Verdict v) {
        if (v instanceof Verdict.Refused r) {
            c.sendError(cid, ScErrors.channel(r.error()));
            return false;
        }
        if (v instanceof Verdict.Ended end) {
            c.close(ScConnection.closeCode(end.disconnect()));
            return false;
        }
        return true;
    }

    void publication(PreparedPublication p) {
        Subscription s = subs.get(p.channel());
        if (s == null) return;
        if (s.cursor.holding()) s.cursor.hold(p);
        else deliver(p);
    }

    private void deliver(PreparedPublication p) {
        if (p.publication().excludes(c.id())) return;
        c.send(PublishFrames.frame(p));
    }

    /** The server ended a subscription: {@code #kickOut}, the client unsubscribes locally. */
    boolean kickOut(String channel, String message) {
        Subscription s = subs.get(channel);
        if (s == null) return false;
        leave(s);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", channel);
        data.put("message", message);
        c.send(ServerPackets.event("#kickOut", data));
        return true;
    }

    private void leave(Subscription s) {
        subs.remove(s.channel, s);
        node.unsubscribe(c, s.channel);
        if (s.presence && !s.cursor.holding()) node.removePresence(s.channel, c.id());
    }

    void leaveAll() {
        for (Subscription s : new ArrayList<>(subs.values())) leave(s);
    }

    private ClientInfo info() {
        return new ClientInfo(c.userId(), c.id(), null, null);
    }

    private static String why(Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return cause instanceof CoreException ce ? ce.error().message() : ClientError.INTERNAL.message();
    }

    List<String> list() {
        return List.copyOf(subs.keySet());
    }
}
