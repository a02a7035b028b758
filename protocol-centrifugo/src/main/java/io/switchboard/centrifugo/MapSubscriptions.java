package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.Method;
import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.centrifugo.internal.filter.TagsFilter;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ClientError;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.json.JsonStrings;
import io.switchboard.core.MapOptions;
import io.switchboard.core.Node;
import io.switchboard.core.Publication;
import io.switchboard.core.RecoveryResult;
import io.switchboard.core.StreamPosition;
import io.switchboard.protocol.ChannelAccess;
import io.switchboard.protocol.Verdict;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Map subscriptions (Centrifugo's {@code subscription_type: map}, subscribe type 1) of one connection, and its map
 * publishes and removals. The subscription joins the hub first, then reads the state (or, to recover, the changes
 * since the client's position) in one cut; what arrives meanwhile is held by the cursor and goes out after the
 * answer, duplicates dropped by offset. The state goes out in pages of the client's size; the last page answers
 * live (phase 0), so the client never needs the stream phase after the state. Event loop only.
 */
final class MapSubscriptions {
    private final Subscriptions subscriptions;
    private final CentrifugoClient client;
    private final Node node;
    private final ChannelAccess access;
    private final CentrifugoOptions options;
    private final Map<String, ClientSubscription> subs;
    /** As centrifuge: a client paging the state for longer is cut as slow (changes are held meanwhile). */
    static final long PAGING_TIMEOUT_MS = 5000;

    /** The state a subscription is being paged through: one cut, sent page by page. */
    static final class Pages {
        final List<Publication> entries;
        final StreamPosition position;
        int next;

        Pages(List<Publication> entries, StreamPosition position) {
            this.entries = entries;
            this.position = position;
        }
    }

    MapSubscriptions(Subscriptions subscriptions, CentrifugoClient client, Node node, ChannelAccess access,
                     CentrifugoOptions options, Map<String, ClientSubscription> subs) {
        this.subscriptions = subscriptions;
        this.client = client;
        this.node = node;
        this.access = access;
        this.options = options;
        this.subs = subs;
    }

    /** A later state page of a subscription being paged; false when the request starts a subscription. */
    boolean continues(long id, Requests.Subscribe req) {
        if (req.cursor().isEmpty()) return false;
        ClientSubscription s = subs.get(req.channel());
        if (s == null || s.mapPages == null || req.phase() != Results.MapSubscribe.PHASE_STATE) {
            client.error(id, ClientError.PERMISSION_DENIED); // as centrifuge: no page without its first one
            return true;
        }
        if (!req.cursor().equals(Integer.toString(s.mapPages.next))) {
            client.error(id, ClientError.BAD_REQUEST);
            return true;
        }
        page(id, s, s.options.map().pageSize(req.limit()));
        return true;
    }

    /** A map subscription that passed the subscribe checks. */
    void start(long id, Requests.Subscribe req, ChannelAccess.Grant grant, TagsFilter filter) {
        String channel = req.channel();
        MapOptions m = grant.options().map();
        boolean recovering = req.phase() == Results.MapSubscribe.PHASE_STREAM;
        if (recovering && !m.mode().hasStream()) {
            client.error(id, ClientError.BAD_REQUEST); // an ephemeral map keeps no stream to recover from
            return;
        }
        // offsets are always tracked: they drop what the state already holds
        ClientSubscription s = new ClientSubscription(channel, grant.options(), grant.info(), false, true);
        s.tagsFilter = filter;
        s.expireAt = grant.expireAt();
        s.mapData = grant.data();
        // as for streams, a filtered subscription gets no delta
        s.delta = s.mapDelta = filter == null && "fossil".equals(req.delta()) && grant.options().fossilDeltaAllowed();
        subs.put(channel, s);
        client.whenDone(node.subscribe(client, channel), (v, err) -> {
            if (subs.get(channel) != s) {
                client.error(id, ClientError.INTERNAL);
            } else if (err != null) {
                subs.remove(channel);
                client.error(id, CoreException.errorOf(err));
            } else if (recovering) {
                recover(id, req, s);
            } else {
                readState(id, req, s);
            }
            client.flush();
        });
    }

    private void readState(long id, Requests.Subscribe req, ClientSubscription s) {
        MapOptions m = s.options.map();
        client.whenDone(node.maps().state(s.channel, m), (state, err) -> {
            if (subs.get(s.channel) != s) return;
            if (err != null) {
                subscriptions.end(s.channel, false);
                client.error(id, CoreException.errorOf(err));
            } else {
                s.cursor.startAt(state.position());
                s.mapPages = new Pages(matching(s, state.entries()), state.position());
                page(id, s, m.pageSize(req.limit()));
            }
            client.flush();
        });
    }

    private void page(long id, ClientSubscription s, int limit) {
        Pages p = s.mapPages;
        int end = Math.min(p.entries.size(), p.next + limit);
        List<Publication> page = List.copyOf(p.entries.subList(p.next, end));
        boolean first = p.next == 0;
        p.next = end;
        if (end < p.entries.size()) {
            if (first) {
                client.schedule(PAGING_TIMEOUT_MS, () -> {
                    if (subs.get(s.channel) == s && s.mapPages == p) client.disconnect(Disconnect.SLOW);
                });
            }
            client.send(client.codec().mapSubscribe(id, new Results.MapSubscribe(result(s, p.position, List.of(),
                    false, false), s.options.map().type(), Results.MapSubscribe.PHASE_STATE, Integer.toString(end), page)));
            return;
        }
        s.mapPages = null;
        live(id, s, p.position, page, List.of(), false, false);
    }

    private void recover(long id, Requests.Subscribe req, ClientSubscription s) {
        client.whenDone(node.maps().since(s.channel, s.options.map(), req.since()), (r, err) -> {
            if (subs.get(s.channel) != s) return;
            if (err != null || !r.recovered()) {
                subscriptions.end(s.channel, false);
                // unrecovered: the client starts again from the state
                client.error(id, err != null ? CoreException.errorOf(err) : ClientError.UNRECOVERABLE_POSITION);
            } else {
                s.cursor.startAt(r.position());
                live(id, s, r.position(), List.of(), matching(s, r.publications()), true, req.recover());
            }
            client.flush();
        });
    }

    private void live(long id, ClientSubscription s, StreamPosition at, List<Publication> state,
                      List<Publication> changes, boolean recovered, boolean wasRecovering) {
        subscriptions.scheduleExpiry(s);
        client.send(client.codec().mapSubscribe(id, new Results.MapSubscribe(
                result(s, at, changes, recovered, wasRecovering), s.options.map().type(), Results.MapSubscribe.PHASE_LIVE,
                "", state)));
        subscriptions.activate(s.channel);
        enterPresence(s);
    }

    /** With a clients-presence prefix: this client's entry, kept while subscribed, in the map named after it. */
    private void enterPresence(ClientSubscription s) {
        String prefix = s.options.map().clientsPresenceChannelPrefix();
        if (prefix.isEmpty()) return;
        String channel = prefix + s.channel;
        MapOptions m = node.optionsFor(channel).map(ChannelOptions::map).orElse(null);
        if (m == null || m.type() != MapOptions.TYPE_MAP_CLIENTS) return;
        node.maps().publish(channel, m, client.clientId(), clientEntry(), null, Map.of(), false);
        s.mapPresence = channel;
        if (m.mode().expires() && m.keyTtl().toMillis() > 0) keepPresence(s, channel, m);
    }

    private void keepPresence(ClientSubscription s, String channel, MapOptions m) {
        long every = Math.max(500, m.keyTtl().toMillis() / 3);
        client.schedule(every, () -> {
            if (subs.get(s.channel) != s || !channel.equals(s.mapPresence)) return;
            node.maps().touch(channel, m, client.clientId(), m.keyTtl());
            keepPresence(s, channel, m);
        });
    }

    void leavePresence(ClientSubscription s) {
        MapOptions m = node.optionsFor(s.mapPresence).map(ChannelOptions::map).orElse(null);
        if (m != null) node.maps().publish(s.mapPresence, m, client.clientId(), null, null, Map.of(), true);
        s.mapPresence = null;
    }

    private byte[] clientEntry() {
        StringBuilder json = new StringBuilder("{\"client\":");
        JsonStrings.quote(client.clientId(), json);
        json.append(",\"user\":");
        JsonStrings.quote(client.userId(), json);
        return json.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Results.Subscribe result(ClientSubscription s, StreamPosition at, List<Publication> changes,
                                     boolean recovered, boolean wasRecovering) {
        boolean stream = s.options.map().mode().hasStream();
        return new Results.Subscribe(s.expireAt > 0, access.ttlSeconds(s.expireAt), stream, at.epoch(), changes,
                recovered, at.offset(), stream, s.mapData, wasRecovering, s.delta,
                s.options.clientPublishDebounceInterval().toMillis());
    }

    private static List<Publication> matching(ClientSubscription s, List<Publication> pubs) {
        return s.tagsFilter == null ? pubs : pubs.stream().filter(p -> s.tagsFilter.matches(p.tags())).toList();
    }

    /** A client's publish of type 1: sets or removes one entry of a map channel. */
    void publish(long id, Requests.Publish req) {
        String channel = req.channel();
        if (channel.isEmpty() || (!req.removed() && req.data() == null)) {
            client.disconnect(Disconnect.BAD_REQUEST);
            return;
        }
        Verdict name = access.name(channel);
        if (!name.isAllowed()) {
            client.answer(id, name);
            return;
        }
        Optional<ChannelOptions> found = node.optionsFor(channel);
        if (found.isEmpty()) {
            client.error(id, ClientError.UNKNOWN_CHANNEL);
            return;
        }
        MapOptions m = found.get().map();
        if (m == null) {
            client.error(id, ClientError.BAD_REQUEST); // a map change to a stream channel
            return;
        }
        ClientSubscription s = subs.get(channel);
        if (!mayChange(m, req.removed(), s != null && !s.cursor.holding())) {
            client.error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        String key = MapOptions.CLIENT_KEY_CLIENT_ID.equals(m.clientKey()) ? client.clientId() : req.key();
        if (key.isEmpty()) {
            client.error(id, ClientError.BAD_REQUEST);
            return;
        }
        client.whenDone(node.maps().publish(channel, m, key, req.data(), client.info(s == null ? null : s.chanInfo),
                Map.of(), req.removed()), (at, err) -> {
            if (err != null) client.error(id, CoreException.errorOf(err));
            else client.send(client.codec().empty(id, Method.PUBLISH));
            client.flush();
        });
    }

    private boolean mayChange(MapOptions m, boolean removal, boolean subscribed) {
        if (options.insecure()) return true;
        boolean anonymous = client.userId().isEmpty();
        boolean forClient = removal ? m.allowRemoveForClient() : m.allowPublishForClient();
        boolean forSubscriber = removal ? m.allowRemoveForSubscriber() : m.allowPublishForSubscriber();
        boolean forAnonymous = removal ? m.allowRemoveForAnonymous() : m.allowPublishForAnonymous();
        if (anonymous && !forAnonymous) return false;
        return forClient || (forSubscriber && subscribed);
    }
}
