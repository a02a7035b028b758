package io.switchboard.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's index of connected sessions and of which sessions are subscribed to which channel.
 * Fan-out iterates an immutable array snapshot, so delivery never locks; subscribe and unsubscribe copy
 * the array under the channel's lock.
 */
public final class Hub {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Hub.class);
    private static final Session[] NONE = new Session[0];

    private final ConcurrentHashMap<String, Subscribers> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Session>> users = new ConcurrentHashMap<>();
    /** The newest stream position delivered per channel, kept only while positions are checked. */
    private final ConcurrentHashMap<String, StreamPosition> delivered = new ConcurrentHashMap<>();
    private volatile boolean trackPositions;

    public void addSession(Session session) {
        sessions.put(session.clientId(), session);
        users.computeIfAbsent(session.userId(), u -> ConcurrentHashMap.newKeySet()).add(session);
        if (log.isDebugEnabled()) {
            log.debug("{} client {} of user {} connected", session.protocol(), session.clientId(), session.userId());
        }
    }

    public void removeSession(Session session) {
        if (sessions.remove(session.clientId(), session) && log.isDebugEnabled()) {
            log.debug("{} client {} of user {} gone", session.protocol(), session.clientId(), session.userId());
        }
        users.computeIfPresent(session.userId(), (u, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    public Session session(String clientId) {
        return sessions.get(clientId);
    }

    public List<Session> sessionsOf(String user) {
        Set<Session> set = users.get(user);
        return set == null ? List.of() : new ArrayList<>(set);
    }

    /** Every connected session, for node-wide actions such as shutdown. */
    public List<Session> sessions() {
        return new ArrayList<>(sessions.values());
    }

    /** Bytes of deliveries waiting for their connections' event loops, over every session of this node. */
    public long queuedBytes() {
        long sum = 0;
        for (Session s : sessions.values()) sum += s.queuedBytes();
        return sum;
    }

    public int numSessions() {
        return sessions.size();
    }

    public int numUsers() {
        return users.size();
    }

    /** Adds a subscriber; true when it is this node's first subscriber of the channel. */
    public boolean subscribe(String channel, Session session) {
        boolean[] first = {false};
        channels.compute(channel, (ch, subs) -> {
            if (subs == null) {
                first[0] = true;
                return Subscribers.of(session);
            }
            return subs.with(session);
        });
        return first[0];
    }

    /** Removes a subscriber; true when it was this node's last subscriber of the channel. */
    public boolean unsubscribe(String channel, Session session) {
        boolean[] last = {false};
        channels.computeIfPresent(channel, (ch, subs) -> {
            Subscribers left = subs.without(session);
            if (left == subs) return subs;
            if (left.sessions.length == 0) {
                last[0] = true;
                return null;
            }
            return left;
        });
        if (last[0]) delivered.remove(channel);
        return last[0];
    }

    public void deliver(String channel, Publication publication, StreamPosition position, Publication previous) {
        Subscribers subs = channels.get(channel);
        if (subs == null) return;
        PreparedPublication prepared = new PreparedPublication(channel, publication, position, previous);
        if (trackPositions && position.offset() > 0) delivered.put(channel, position);
        for (Session s : subs.sessions) s.deliver(prepared);
        subs.counted();
    }

    /** Keeps the newest delivered position of each channel, for {@link PositionCheck}. */
    void trackPositions() {
        trackPositions = true;
    }

    /** The newest position delivered to the channel's subscribers, or null when none was (or none is kept). */
    StreamPosition lastDelivered(String channel) {
        return delivered.get(channel);
    }

    /** A stream position subscribers of the channel read (at subscribe or recovery), when none is known yet. */
    void noteStreamPosition(String channel, StreamPosition position) {
        if (trackPositions && channels.containsKey(channel)) delivered.putIfAbsent(channel, position);
    }

    /** Tells the channel's subscribers that publications were lost; later ones continue from {@code top}. */
    void positionLost(String channel, StreamPosition top) {
        delivered.put(channel, top);
        Subscribers subs = channels.get(channel);
        if (subs == null) return;
        for (Session s : subs.sessions) s.positionLost(channel);
    }

    public void deliverJoin(String channel, ClientInfo info) {
        Subscribers subs = channels.get(channel);
        if (subs == null) return;
        for (Session s : subs.sessions) s.deliverJoin(channel, info);
        subs.counted();
    }

    public void deliverLeave(String channel, ClientInfo info) {
        Subscribers subs = channels.get(channel);
        if (subs == null) return;
        for (Session s : subs.sessions) s.deliverLeave(channel, info);
        subs.counted();
    }

    /** Calls {@code action} with each local subscriber of the channel, over a snapshot. */
    public void forEachSubscriber(String channel, java.util.function.Consumer<Session> action) {
        Subscribers subs = channels.get(channel);
        if (subs == null) return;
        for (Session s : subs.sessions) action.accept(s);
    }

    public int numSubscribers(String channel) {
        Subscribers subs = channels.get(channel);
        return subs == null ? 0 : subs.sessions.length;
    }

    /** Channels with at least one local subscriber, with their subscriber counts. */
    public Map<String, Integer> channels() {
        Map<String, Integer> out = new java.util.HashMap<>();
        channels.forEach((ch, subs) -> out.put(ch, subs.sessions.length));
        return out;
    }

    public int numChannels() {
        return channels.size();
    }

    /**
     * A channel's subscribers, immutable: the sessions, and how many of them count their deliveries in each
     * distinct {@link Session#deliveries()} count (a few per node: one per protocol and transport).
     */
    private static final class Subscribers {
        private static final Meters.Count[] NO_COUNTS = new Meters.Count[0];
        private static final int[] NO_SIZES = new int[0];

        final Session[] sessions;
        private final Meters.Count[] counts;
        private final int[] sizes; // sizes[i]: the sessions counting in counts[i]

        Subscribers(Session[] sessions, Meters.Count[] counts, int[] sizes) {
            this.sessions = sessions;
            this.counts = counts;
            this.sizes = sizes;
        }

        static Subscribers of(Session s) {
            return new Subscribers(new Session[] {s}, new Meters.Count[] {s.deliveries()}, new int[] {1});
        }

        /** One delivery to every subscriber: each count adds its share, once per event and not per session. */
        void counted() {
            for (int i = 0; i < counts.length; i++) counts[i].add(sizes[i]);
        }

        Subscribers with(Session s) {
            for (Session existing : sessions) if (existing == s) return this;
            Session[] next = Arrays.copyOf(sessions, sessions.length + 1);
            next[sessions.length] = s;
            Meters.Count count = s.deliveries();
            int i = indexOf(count);
            if (i >= 0) {
                int[] nextSizes = sizes.clone();
                nextSizes[i]++;
                return new Subscribers(next, counts, nextSizes);
            }
            Meters.Count[] nextCounts = Arrays.copyOf(counts, counts.length + 1);
            nextCounts[counts.length] = count;
            int[] nextSizes = Arrays.copyOf(sizes, sizes.length + 1);
            nextSizes[sizes.length] = 1;
            return new Subscribers(next, nextCounts, nextSizes);
        }

        Subscribers without(Session s) {
            for (int i = 0; i < sessions.length; i++) {
                if (sessions[i] == s) {
                    if (sessions.length == 1) return new Subscribers(NONE, NO_COUNTS, NO_SIZES);
                    Session[] next = new Session[sessions.length - 1];
                    System.arraycopy(sessions, 0, next, 0, i);
                    System.arraycopy(sessions, i + 1, next, i, sessions.length - i - 1);
                    return withoutCount(next, s.deliveries());
                }
            }
            return this;
        }

        private Subscribers withoutCount(Session[] next, Meters.Count count) {
            int i = indexOf(count);
            if (i < 0) return new Subscribers(next, counts, sizes); // not expected: a session's count never changes
            if (sizes[i] > 1) {
                int[] nextSizes = sizes.clone();
                nextSizes[i]--;
                return new Subscribers(next, counts, nextSizes);
            }
            Meters.Count[] nextCounts = new Meters.Count[counts.length - 1];
            int[] nextSizes = new int[sizes.length - 1];
            for (int j = 0, k = 0; j < counts.length; j++) {
                if (j == i) continue;
                nextCounts[k] = counts[j];
                nextSizes[k++] = sizes[j];
            }
            return new Subscribers(next, nextCounts, nextSizes);
        }

        private int indexOf(Meters.Count count) {
            for (int i = 0; i < counts.length; i++) if (counts[i] == count) return i;
            return -1;
        }
    }

    /** A protocol's share of this node: clients, distinct users, channels with a subscriber, subscriptions. */
    public record ProtocolCounts(long clients, long users, long channels, long subscriptions) {
        public static final ProtocolCounts EMPTY = new ProtocolCounts(0, 0, 0, 0);
    }

    /**
     * This node's figures by {@link Session#protocol()} label, in one pass over sessions and channels: for metrics
     * and the admin page when they are read, never for the delivery path.
     */
    public Map<String, ProtocolCounts> countsByProtocol() {
        final class Tally {
            long clients;
            long channels;
            long subscriptions;
            final Set<String> users = new java.util.HashSet<>();
        }
        Map<String, Tally> by = new java.util.HashMap<>();
        for (Session s : sessions.values()) {
            Tally t = by.computeIfAbsent(s.protocol(), p -> new Tally());
            t.clients++;
            t.users.add(s.userId());
        }
        for (String channel : channels.keySet()) {
            Set<String> seen = new java.util.HashSet<>(4);
            forEachSubscriber(channel, s -> {
                Tally t = by.computeIfAbsent(s.protocol(), p -> new Tally());
                t.subscriptions++;
                if (seen.add(s.protocol())) t.channels++;
            });
        }
        Map<String, ProtocolCounts> counts = new java.util.HashMap<>();
        by.forEach((p, t) -> counts.put(p, new ProtocolCounts(t.clients, t.users.size(), t.channels, t.subscriptions)));
        return counts;
    }
}
