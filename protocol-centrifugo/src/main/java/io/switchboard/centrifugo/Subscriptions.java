package io.switchboard.centrifugo;

import io.switchboard.auth.SubscribeClaim;
import io.switchboard.centrifugo.internal.filter.FilterNode;
import io.switchboard.centrifugo.internal.filter.TagsFilter;
import io.switchboard.centrifugo.internal.codec.Method;
import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ClientError;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.MapOptions;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.StreamPosition;
import io.switchboard.core.Unsubscribe;
import io.switchboard.protocol.ChannelAccess;
import io.switchboard.protocol.SubscribeSequence;
import io.switchboard.protocol.Verdict;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The channel commands of one connection (subscribe, unsubscribe, publish, presence, history, sub_refresh)
 * and the subscribe sequence they share with server-side subscriptions. Event loop only.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private final CentrifugoClient client;
    private final Node node;
    private final CentrifugoOptions options;
    private final Map<String, ClientSubscription> subs;
    private final Map<String, ScheduledFuture<?>> expiryTimers = new java.util.HashMap<>();
    private final ChannelAccess access;
    private final MapSubscriptions maps;
    private final SharedPollSubscriptions polls;

    Subscriptions(CentrifugoClient client, Node node, ChannelAccess access, CentrifugoOptions options,
                  Map<String, ClientSubscription> subs) {
        this.client = client;
        this.node = node;
        this.access = access;
        this.options = options;
        this.subs = subs;
        this.maps = new MapSubscriptions(this, client, node, access, options, subs);
        this.polls = new SharedPollSubscriptions(client, access, options, subs);
    }

    /** A client's subscribe command: Centrifugo's own checks, then the shared verdict, then the subscribe sequence. */
    void subscribe(long id, Requests.Subscribe req) {
        String channel = req.channel();
        if (channel.isEmpty()) {
            client.disconnect(Disconnect.BAD_REQUEST); // as Centrifugo: a subscribe without channel is a broken client
            return;
        }
        Verdict name = access.name(channel);
        if (!name.isAllowed()) {
            client.answer(id, name);
            return;
        }
        if (polls.handles(req)) {
            polls.subscribe(id, req);
            return;
        }
        if (req.type() != 0 && maps.continues(id, req)) return;
        if (subs.size() >= options.channelLimit()) {
            client.error(id, ClientError.LIMIT_EXCEEDED);
            return;
        }
        if (subs.containsKey(channel)) {
            client.error(id, ClientError.ALREADY_SUBSCRIBED);
            return;
        }
        if (client.proxied.subscribe(id, req)) return;
        ChannelAccess.Grant grant = access.subscribe(client.userId(), channel, req.token());
        if (!grant.verdict().isAllowed()) {
            client.answer(id, grant.verdict());
            return;
        }
        Checked checked = checked(id, channel, grant.options(), req);
        if (checked == null) return;
        if (grant.options().isMap()) {
            maps.start(id, req, grant, checked.filter());
            return;
        }
        started(id, channel, grant.options(), grant.info(), grant.data(), req, grant.expireAt(), checked.filter());
    }

    /** A subscribe the subscribe proxy allowed: the namespace's filter and type rules, then as any subscribe. */
    void proxied(long id, String channel, ChannelOptions o, byte[] info, byte[] data, Requests.Subscribe req,
                 long expireAt) {
        Checked checked = checked(id, channel, o, req);
        if (checked == null) {
            client.flush();
            return;
        }
        if (o.isMap()) {
            log.info("map channel {} behind a subscribe proxy: not served", channel);
            client.error(id, ClientError.NOT_AVAILABLE);
            client.flush();
            return;
        }
        started(id, channel, o, info, data, req, expireAt, checked.filter());
    }

    /** What the namespace's rules made of a subscribe: its compiled tags filter, null without one. */
    private record Checked(TagsFilter filter) {
    }

    /**
     * Null once answered with 107: a tags filter not allowed, malformed or too large, or a subscription type that is
     * not the namespace's.
     */
    private Checked checked(long id, String channel, ChannelOptions o, Requests.Subscribe req) {
        TagsFilter filter = null;
        if (req.tf() != null) {
            filter = tagsFilter(channel, o, req.tf());
            if (filter == null) {
                client.error(id, ClientError.BAD_REQUEST); // as Centrifugo: not allowed, malformed or too large
                return null;
            }
        }
        if (req.type() != (o.isMap() ? o.map().type() : 0)) {
            client.error(id, ClientError.BAD_REQUEST); // the client's subscription type is not the namespace's
            return null;
        }
        return new Checked(filter);
    }

    /** The subscribe checks passed: the sequence, then the reply. */
    private void started(long id, String channel, ChannelOptions o, byte[] info, byte[] data, Requests.Subscribe req,
                         long expireAt, TagsFilter filter) {
        start(channel, o, info, data, req, false, expireAt, filter)
                .whenComplete((result, err) -> client.onLoop(() -> {
                    if (err != null) {
                        client.error(id, CoreException.errorOf(err));
                    } else {
                        client.send(client.codec().subscribe(id, result));
                        activate(channel);
                    }
                    client.flush();
                }));
    }

    /** The subscription's compiled tags filter, or null when the namespace does not allow one or it is invalid. */
    private TagsFilter tagsFilter(String channel, ChannelOptions o, FilterNode tf) {
        if (!o.allowTagsFilter()) {
            log.info("tags filter not allowed in {} for client {}", channel, client.clientId());
            return null;
        }
        try {
            return TagsFilter.compile(tf);
        } catch (TagsFilter.InvalidFilter e) {
            log.info("invalid tags filter in {} from client {}: {}", channel, client.clientId(), e.getMessage());
            return null;
        }
    }

    /**
     * Whether a channel named in the connect request may be subscribed server-side: only where the client
     * could subscribe itself without a token (as Centrifugo does for unidirectional clients).
     */
    boolean mayJoinOnConnect(String channel) {
        return access.subscribe(client.userId(), channel, null).verdict().isAllowed();
    }

    /** A subscription from the connection token or the connect request; activated with the connect reply. */
    CompletableFuture<Map.Entry<String, Results.Subscribe>> fromConnect(String channel, SubscribeClaim claim,
                                                                           Requests.Subscribe recover) {
        return fromConnect(channel, claim, recover, 0);
    }

    /** The same, expiring at this time (a connect proxy's {@code subs} entry with {@code expire_at}). */
    CompletableFuture<Map.Entry<String, Results.Subscribe>> fromConnect(String channel, SubscribeClaim claim,
                                                                           Requests.Subscribe recover, long expireAt) {
        Optional<ChannelOptions> found = node.optionsFor(channel);
        if (found.isEmpty() || !node.rules().validName(channel) || subs.containsKey(channel)) {
            return CompletableFuture.completedFuture(null);
        }
        ChannelOptions o = found.get();
        byte[] info = null, data = null;
        if (claim != null) {
            o = ChannelAccess.override(o, claim.presence(), claim.joinLeave(), claim.forcePushJoinLeave(),
                    claim.forceRecovery(), claim.forcePositioning());
            info = claim.info();
            data = claim.data();
        }
        Requests.Subscribe req = recover != null ? recover
                : new Requests.Subscribe(channel, "", false, "", 0, null, false, false, false, "");
        return start(channel, o, info, data, req, true, expireAt, null)
                .thenApply(r -> (Map.Entry<String, Results.Subscribe>) new AbstractMap.SimpleImmutableEntry<>(channel, r))
                .exceptionally(e -> null);
    }

    /** A subscription added by the server API to a live connection: announced with a subscribe push. */
    void serverSide(String channel, ServerSubscription subscription) {
        Optional<ChannelOptions> found = node.optionsFor(channel);
        if (found.isEmpty() || !node.rules().validName(channel)) return;
        Requests.Subscribe req = new Requests.Subscribe(channel, "", false, "", 0, null, false, false, false, "");
        start(channel, found.get(), subscription.info(), subscription.data(), req, true, 0, null)
                .whenComplete((result, err) -> client.onLoop(() -> {
                    if (err != null) return;
                    client.send(client.codec().subscribePush(channel, result));
                    activate(channel);
                    client.flush();
                }));
    }

    /**
     * The subscribe sequence: register in the hub (and broker) first, then read the stream position or
     * recover, so no publication can fall between the read and live delivery. Completes on the event loop;
     * the subscription stays {@code subscribing} (publications held) until {@link #activate}.
     */
    private CompletableFuture<Results.Subscribe> start(String channel, ChannelOptions o, byte[] chanInfo, byte[] data,
                                                       Requests.Subscribe req, boolean serverSide, long expireAt,
                                                       TagsFilter filter) {
        boolean history = o.historyEnabled();
        String user = client.userId();
        // what a client may ask for: Centrifugo grants it with the allow_* option or with history/presence access
        boolean historyAccess = access.policy().history(user, channel, o, true).isAllowed();
        boolean presenceAccess = access.policy().presence(user, channel, o, true).isAllowed();
        boolean recoverable = history && (o.forceRecovery()
                || (req.recoverable() && (o.allowRecovery() || historyAccess)));
        boolean positioned = history && (recoverable || o.forcePositioning()
                || (req.positioned() && (o.allowPositioning() || historyAccess)));
        ClientSubscription s = new ClientSubscription(channel, o, chanInfo, serverSide, positioned);
        s.pushJoinLeave = o.forcePushJoinLeave() || (req.joinLeave() && o.joinLeave() && presenceAccess);
        // delta needs positions: a patch applies only to the publication the client holds; as Centrifugo, a
        // filtered subscription gets no delta (its client would miss the publications patches build on)
        s.tagsFilter = filter;
        s.delta = filter == null && positioned && "fossil".equals(req.delta()) && o.fossilDeltaAllowed();
        s.expireAt = expireAt;
        subs.put(channel, s);
        boolean recovering = recoverable && req.recover();
        SubscribeSequence.Read read = recovering ? SubscribeSequence.Read.RECOVER
                : positioned ? SubscribeSequence.Read.POSITION : SubscribeSequence.Read.NOTHING;

        CompletableFuture<Results.Subscribe> done = new CompletableFuture<>();
        client.whenDone(SubscribeSequence.start(node, client, channel, o, read, req.since()), (started, err) -> {
            if (subs.get(channel) != s) {
                done.completeExceptionally(new CoreException(ClientError.INTERNAL));
                return;
            }
            if (err != null) {
                subs.remove(channel); // the sequence already left the channel in the core
                done.completeExceptionally(err);
                return;
            }
            if (recovering && !started.recovered() && req.rejectUnrecovered()) {
                // the client asked to hear it (it reloads its state, e.g. centrifuge-js's getState)
                subs.remove(channel);
                node.unsubscribe(client, channel);
                done.completeExceptionally(new CoreException(ClientError.UNRECOVERABLE_POSITION));
                return;
            }
            StreamPosition top = started.position();
            List<io.switchboard.core.Publication> recovered = filter == null ? started.publications()
                    : started.publications().stream().filter(p -> filter.matches(p.tags())).toList();
            s.cursor.startAt(top);
            s.deltaBase = s.delta && !recovered.isEmpty();
            // as Centrifugo: the client is in presence (on every node) by the time it hears it is subscribed
            CompletableFuture<Void> present = o.presence() ? node.addPresence(channel, client.info(chanInfo))
                    : CompletableFuture.completedFuture(null);
            client.whenDone(present, (v, perr) -> {
                if (subs.get(channel) != s) {
                    done.completeExceptionally(new CoreException(ClientError.INTERNAL));
                    return;
                }
                if (perr != null) {
                    end(channel, false);
                    done.completeExceptionally(perr);
                    return;
                }
                if (o.joinLeave()) node.publishJoin(channel, client.info(chanInfo));
                scheduleExpiry(s);
                // a server-side subscription is refreshed by the server (sub_refresh proxy): the client is not told
                boolean expires = expireAt > 0 && !serverSide;
                long ttl = expires ? access.ttlSeconds(expireAt) : 0;
                done.complete(new Results.Subscribe(expires, ttl, recoverable, positioned ? top.epoch() : "",
                        recovered, started.recovered(), positioned ? top.offset() : 0, positioned, data, recovering,
                        s.delta, o.clientPublishDebounceInterval().toMillis()));
            });
        });
        return done;
    }

    /** Ends holding back: publications that arrived during subscribe go out after its reply. */
    void activate(String channel) {
        ClientSubscription s = subs.get(channel);
        if (s == null || !s.cursor.holding()) return;
        for (PreparedPublication p : s.cursor.goLive()) {
            if (subs.get(channel) != s) return;
            client.writePublication(s, p);
        }
    }

    void activateAll() {
        for (String channel : List.copyOf(subs.keySet())) activate(channel);
    }

    /** Removes a subscription from the node: presence, leave event, hub. Safe to call for unknown channels. */
    void end(String channel, boolean announceLeave) {
        ClientSubscription s = subs.remove(channel);
        if (s == null) return;
        CentrifugoClient.cancel(expiryTimers.remove(channel));
        SharedPollSubscriptions.end(s);
        node.unsubscribe(client, channel);
        if (s.mapPresence != null) maps.leavePresence(s);
        if (s.options.presence()) node.removePresence(channel, client.clientId());
        if (announceLeave && s.options.joinLeave()) node.publishLeave(channel, client.info(s.chanInfo));
    }

    void publish(long id, Requests.Publish req) {
        if (req.type() == MapOptions.TYPE_MAP) {
            maps.publish(id, req);
            return;
        }
        String channel = req.channel();
        if (channel.isEmpty() || req.data() == null) {
            client.disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        ClientSubscription s = subs.get(channel);
        if (client.proxied.publish(id, req, client.info(s == null ? null : s.chanInfo))) return;
        Verdict verdict = access.publish(client.userId(), channel, s != null);
        if (!verdict.isAllowed()) {
            client.answer(id, verdict);
            return;
        }
        var info = client.info(s == null ? null : s.chanInfo);
        client.whenDone(node.publish(channel, req.data(), new PublishOptions(info, Map.of(), false, false)), (pos, err) -> {
            if (err != null) client.error(id, CoreException.errorOf(err));
            else client.send(client.codec().empty(id, Method.PUBLISH));
        });
    }

    void presence(long id, String channel, boolean statsOnly) {
        if (channel.isEmpty()) {
            client.disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        Verdict verdict = access.presence(client.userId(), channel, subs.containsKey(channel));
        if (!verdict.isAllowed()) {
            client.answer(id, verdict);
            return;
        }
        if (statsOnly) {
            client.whenDone(node.presenceStats(channel), (stats, err) -> {
                if (err != null) client.error(id, CoreException.errorOf(err));
                else client.send(client.codec().presenceStats(id, stats));
            });
        } else {
            client.whenDone(node.presence(channel), (members, err) -> {
                if (err != null) client.error(id, CoreException.errorOf(err));
                else client.send(client.codec().presence(id, members));
            });
        }
    }

    void history(long id, Requests.History req) {
        if (req.channel().isEmpty()) {
            client.disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        Verdict verdict = access.history(client.userId(), req.channel(), subs.containsKey(req.channel()));
        if (!verdict.isAllowed()) {
            client.answer(id, verdict);
            return;
        }
        int max = options.historyMaxPublicationLimit();
        int limit = req.limit() < 0 || req.limit() > max ? max : req.limit();
        var filter = new HistoryFilter(req.since(), limit, req.reverse());
        client.whenDone(node.history(req.channel(), filter), (h, err) -> {
            if (err != null) client.error(id, CoreException.errorOf(err));
            else client.send(client.codec().history(id,
                    new Results.History(h.publications(), h.position().epoch(), h.position().offset())));
        });
    }

    void subRefresh(long id, Requests.SubRefresh req) {
        if (polls.subRefresh(id, req)) return;
        ClientSubscription s = subs.get(req.channel());
        if (req.channel().isEmpty() || (req.token().isEmpty() && !client.proxied.subRefreshes(req.channel()))) {
            client.disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        if (s == null) {
            client.error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        if (req.token().isEmpty()) {
            client.proxied.subRefresh(id, s);
            return;
        }
        ChannelAccess.Grant grant = access.refresh(client.userId(), req.channel(), req.token());
        if (!grant.verdict().isAllowed()) {
            client.answer(id, grant.verdict());
            return;
        }
        subRefreshed(id, s, grant.expireAt());
    }

    /** A subscription's new expiry, answered to its sub_refresh. */
    void subRefreshed(long id, ClientSubscription s, long expireAt) {
        long now = access.nowSeconds();
        s.expireAt = expireAt;
        scheduleExpiry(s);
        long ttl = s.expireAt > 0 ? Math.max(1, s.expireAt - now) : 0;
        client.send(client.codec().subRefresh(id, new Results.SubRefresh(s.expireAt > 0, ttl)));
    }

    ClientSubscription get(String channel) {
        return subs.get(channel);
    }

    void scheduleExpiry(ClientSubscription s) {
        CentrifugoClient.cancel(expiryTimers.remove(s.channel));
        if (s.expireAt <= 0) return;
        long delay = (s.expireAt - access.nowSeconds()) * 1000 + options.expiredCloseDelay().toMillis();
        expiryTimers.put(s.channel, client.schedule(Math.max(0, delay), () -> {
            if (subs.get(s.channel) != s || s.expireAt <= 0) return;
            if (s.expireAt > access.nowSeconds()) {
                scheduleExpiry(s);
                return;
            }
            if (s.serverSide && client.proxied.subRefreshes(s.channel)) {
                client.proxied.subRefreshServerSide(s);
                return;
            }
            if (client.v1() || s.serverSide) {
                // as Centrifugo for v1 and server-side subscriptions: the client reconnects and subscribes anew
                client.disconnect(Disconnect.SUBSCRIPTION_EXPIRED);
                return;
            }
            end(s.channel, true);
            client.send(client.codec().unsubscribePush(s.channel, Unsubscribe.EXPIRED));
            client.flush();
        }));
    }
}
