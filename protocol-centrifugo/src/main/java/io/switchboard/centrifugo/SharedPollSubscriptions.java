package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.core.ClientError;
import io.switchboard.protocol.ChannelAccess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection's shared poll subscriptions (subscribe type 4): the subscribe, the tracks and untracks of keys
 * (sub_refresh types 1 and 2), each track checked against its batches' signatures and the namespace's key limit
 * before anything changes, and the updates the poller hands over, delivered when newer than the version this
 * connection holds. Touched only by the connection's event loop, except {@link Tracking#polled}, which hops there.
 */
final class SharedPollSubscriptions {
    static final int TYPE_SHARED_POLL = 4;
    static final int TRACK = 1;
    static final int UNTRACK = 2;

    private final CentrifugoClient client;
    private final ChannelAccess access;
    private final CentrifugoOptions options;
    private final Map<String, ClientSubscription> subs;

    SharedPollSubscriptions(CentrifugoClient client, ChannelAccess access, CentrifugoOptions options,
                            Map<String, ClientSubscription> subs) {
        this.client = client;
        this.access = access;
        this.options = options;
        this.subs = subs;
    }

    private SharedPollSettings settings() {
        return client.sharedPoll.settings();
    }

    /** Whether this subscribe is shared poll's to answer: its type, or its channel's namespace, says so. */
    boolean handles(Requests.Subscribe req) {
        if (client.sharedPoll.polls() == null) return false;
        return req.type() == TYPE_SHARED_POLL || settings().options(req.channel()) != null;
    }

    void subscribe(long id, Requests.Subscribe req) {
        String channel = req.channel();
        SharedPollOptions o = settings().options(channel);
        if (o == null || req.type() != TYPE_SHARED_POLL) {
            client.error(id, ClientError.BAD_REQUEST); // the client's subscription type is not the namespace's
            return;
        }
        if (subs.size() >= options.channelLimit()) {
            client.error(id, ClientError.LIMIT_EXCEEDED);
            return;
        }
        if (subs.containsKey(channel)) {
            client.error(id, ClientError.ALREADY_SUBSCRIBED);
            return;
        }
        ChannelAccess.Grant grant = access.subscribe(client.userId(), channel, req.token());
        if (!grant.verdict().isAllowed()) {
            client.answer(id, grant.verdict());
            return;
        }
        ClientSubscription s = new ClientSubscription(channel, grant.options(), grant.info(), false, false);
        s.poll = new Tracking(channel, o);
        subs.put(channel, s);
        client.send(client.codec().subscribe(id, new Results.Subscribe(false, 0, false,
                client.sharedPoll.polls().epoch(o), List.of(), false, 0, false, grant.data(), false, false)));
    }

    /** A sub_refresh of type track or untrack; false for a token refresh (type 0), which is not ours. */
    boolean subRefresh(long id, Requests.SubRefresh req) {
        if (req.type() != TRACK && req.type() != UNTRACK) return false;
        String channel = req.channel();
        if (client.sharedPoll.polls() == null || settings().options(channel) == null) {
            client.error(id, ClientError.NOT_AVAILABLE); // not a shared poll channel
            return true;
        }
        ClientSubscription s = subs.get(channel);
        if (s == null || s.poll == null) {
            client.error(id, ClientError.PERMISSION_DENIED); // tracks need the subscription first
            return true;
        }
        if (req.type() == UNTRACK) {
            if (req.untrack().isEmpty()) {
                client.error(id, ClientError.BAD_REQUEST);
                return true;
            }
            for (String key : req.untrack()) s.poll.untrack(key);
            client.send(client.codec().tracked(id, new Results.Tracked(false, 0, List.of())));
            return true;
        }
        s.poll.track(id, req);
        return true;
    }

    /** The subscription ended: its keys are no longer tracked by this connection. */
    static void end(ClientSubscription s) {
        if (s.poll != null) s.poll.endAll();
    }

    /** One shared poll subscription: the keys it tracks with the version the client holds of each. */
    final class Tracking implements SharedPolls.Tracker {
        private final String channel;
        private final SharedPollOptions o;
        private final Map<String, Long> versions = new HashMap<>();
        private boolean ended;

        Tracking(String channel, SharedPollOptions o) {
            this.channel = channel;
            this.o = o;
        }

        void track(long id, Requests.SubRefresh req) {
            if (req.track().isEmpty()) {
                client.error(id, ClientError.BAD_REQUEST);
                return;
            }
            Set<String> after = new LinkedHashSet<>(versions.keySet());
            req.untrack().forEach(after::remove);
            for (Requests.TrackBatch b : req.track()) {
                if (b.items().isEmpty()) {
                    client.error(id, ClientError.BAD_REQUEST);
                    return;
                }
                for (Requests.KeyedItem i : b.items()) {
                    if (i.key().isEmpty()) {
                        client.error(id, ClientError.BAD_REQUEST);
                        return;
                    }
                    after.add(i.key());
                }
            }
            if (after.size() > o.maxKeysPerConnection()) {
                client.error(id, ClientError.LIMIT_EXCEEDED);
                return;
            }
            TrackSignatures signatures = new TrackSignatures(settings());
            long now = client.nowSeconds();
            long expireAt = 0;
            for (Requests.TrackBatch b : req.track()) {
                List<String> keys = b.items().stream().map(Requests.KeyedItem::key).toList();
                TrackSignatures.Checked c = signatures.check(b.signature(), client.userId(), channel, keys, now);
                if (c.error() != null) {
                    client.error(id, c.error());
                    return;
                }
                expireAt = expireAt == 0 ? c.expireAt() : Math.min(expireAt, c.expireAt());
            }
            for (String key : req.untrack()) untrack(key);
            // the poller's updates hop to this loop, so none can overtake the answer written in this turn
            List<Results.PollItem> current = new ArrayList<>();
            for (Requests.TrackBatch b : req.track()) {
                for (Requests.KeyedItem i : b.items()) {
                    versions.put(i.key(), i.version());
                    Results.PollItem newer = client.sharedPoll.polls().track(channel, o, i.key(), i.version(), this);
                    if (newer != null) {
                        versions.put(i.key(), newer.version());
                        current.add(newer);
                    }
                }
            }
            client.send(client.codec().tracked(id, new Results.Tracked(expireAt > 0,
                    Math.max(0, expireAt - now), current)));
        }

        void untrack(String key) {
            if (versions.remove(key) != null) client.sharedPoll.polls().untrack(channel, key, this);
        }

        void endAll() {
            ended = true;
            for (String key : List.copyOf(versions.keySet())) untrack(key);
        }

        @Override
        public void polled(Results.PollItem item) {
            client.onLoop(() -> {
                if (ended) return;
                deliver(item);
                client.flush();
            });
        }

        private void deliver(Results.PollItem item) {
            Long held = versions.get(item.key());
            if (held == null) return;
            if (item.removed()) {
                versions.remove(item.key());
                client.sharedPoll.polls().untrack(channel, item.key(), this);
            } else if (item.version() <= held) {
                return;
            } else {
                versions.put(item.key(), item.version());
            }
            client.send(client.codec().pollPush(channel, item));
        }
    }
}
