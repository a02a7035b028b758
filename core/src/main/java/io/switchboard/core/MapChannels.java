package io.switchboard.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The map channels of this node (memory only): per channel its entries by key, its offsets and epoch, and, in
 * the modes with a stream, the changes a client may recover. A change is delivered to the hub while the channel's
 * monitor is held, so offsets reach subscribers in order; a state or stream read under the same monitor is a
 * consistent cut. Entries of the expiring modes are removed by {@link #expire}, which delivers their removal.
 */
public final class MapChannels implements MapBroker {
    private final Hub hub;
    private final LongSupplier clock;
    private static final long EXPIRY_ROUND_MS = 250;

    private final Map<String, MapChannel> channels = new ConcurrentHashMap<>();
    private ScheduledExecutorService expiry;

    MapChannels(Hub hub, LongSupplier clock) {
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, MapOptions o, String key, byte[] data,
                                                     ClientInfo info, Map<String, String> tags, boolean removed) {
        return CompletableFuture.completedFuture(change(channel, o, key, data, info, tags, removed));
    }

    /** Sets ({@code removed} false) or removes one entry at once; a removal of a key not there changes nothing. */
    public StreamPosition change(String channel, MapOptions o, String key, byte[] data, ClientInfo info,
                                  Map<String, String> tags, boolean removed) {
        if (o.mode().expires()) startExpiry();
        StreamPosition[] at = new StreamPosition[1];
        // inside compute: a channel being forgotten by expire() cannot take a change meanwhile
        channels.compute(channel, (name, c) -> {
            MapChannel ch = c != null ? c : new MapChannel(name);
            at[0] = ch.change(o, key, removed ? new byte[0] : data, info, tags, removed);
            return ch;
        });
        return at[0];
    }

    @Override
    public CompletableFuture<Void> touch(String channel, MapOptions o, String key, java.time.Duration ttl) {
        touch(channel, key, ttl);
        return CompletableFuture.completedFuture(null);
    }

    /** Keeps an expiring entry for another {@code ttl} without a change (a presence entry still present). */
    public void touch(String channel, String key, java.time.Duration ttl) {
        MapChannel c = channels.get(channel);
        if (c != null) c.touch(key, clock.getAsLong() + ttl.toMillis());
    }

    @Override
    public CompletableFuture<State> state(String channel, MapOptions o) {
        return CompletableFuture.completedFuture(state(channel));
    }

    public State state(String channel) {
        return channel(channel).state();
    }

    @Override
    public CompletableFuture<RecoveryResult> since(String channel, MapOptions o, StreamPosition since) {
        return CompletableFuture.completedFuture(since(channel, since));
    }

    public StreamPosition position(String channel) {
        return channel(channel).position();
    }

    /** The changes after {@code since}: recovered when the stream still has each of them, in this epoch. */
    public RecoveryResult since(String channel, StreamPosition since) {
        return channel(channel).since(since);
    }

    @Override
    public CompletableFuture<HistoryResult> stream(String channel, MapOptions o, long sinceOffset, int limit,
                                                   boolean reverse) {
        return CompletableFuture.completedFuture(channel(channel).stream(sinceOffset, limit, reverse));
    }

    @Override
    public CompletableFuture<Void> clear(String channel, MapOptions o) {
        channels.remove(channel);
        return CompletableFuture.completedFuture(null);
    }

    /** Removes expired entries (delivering each removal) and forgets channels left empty and quiet. */
    public void expire() {
        long now = clock.getAsLong();
        for (String name : List.copyOf(channels.keySet())) {
            channels.computeIfPresent(name, (k, c) -> c.expire(now) ? null : c);
        }
    }

    private synchronized void startExpiry() {
        if (expiry != null) return;
        expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-map-expiry");
            t.setDaemon(true);
            return t;
        });
        expiry.scheduleWithFixedDelay(this::expireQuietly, EXPIRY_ROUND_MS, EXPIRY_ROUND_MS, TimeUnit.MILLISECONDS);
    }

    private void expireQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MapChannels.class).warn("map expiry round failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (expiry != null) expiry.shutdownNow();
    }

    private MapChannel channel(String channel) {
        return channels.computeIfAbsent(channel, MapChannel::new);
    }

    private final class MapChannel {
        private final String name;
        private final String epoch = Epochs.next();
        private final LinkedHashMap<String, Publication> entries = new LinkedHashMap<>();
        private final Map<String, Long> expiresAt = new LinkedHashMap<>();
        private final ArrayDeque<Publication> stream = new ArrayDeque<>();
        private final ArrayDeque<Long> streamTimes = new ArrayDeque<>();
        private long offset;
        private MapOptions options;

        MapChannel(String name) {
            this.name = name;
        }

        synchronized StreamPosition change(MapOptions o, String key, byte[] data, ClientInfo info,
                                           Map<String, String> tags, boolean removed) {
            options = o;
            long now = clock.getAsLong();
            if (removed && !entries.containsKey(key)) return new StreamPosition(offset, epoch);
            Publication p = new Publication(++offset, data, info, tags, now, null, key, removed);
            Publication previous = removed ? null : entries.get(key); // a delta patches the key's own last value
            if (removed) {
                entries.remove(key);
                expiresAt.remove(key);
            } else {
                entries.remove(key); // a changed entry moves to the end, as the newest
                entries.put(key, p);
                if (o.mode().expires() && o.keyTtl().toMillis() > 0) {
                    expiresAt.remove(key);
                    expiresAt.put(key, now + o.keyTtl().toMillis());
                }
            }
            if (o.mode().hasStream()) {
                stream.addLast(p);
                streamTimes.addLast(now);
                while (stream.size() > o.streamSize()) {
                    stream.removeFirst();
                    streamTimes.removeFirst();
                }
            }
            StreamPosition position = new StreamPosition(offset, epoch);
            hub.deliver(name, p, position, previous);
            return position;
        }

        synchronized void touch(String key, long until) {
            if (expiresAt.containsKey(key)) expiresAt.put(key, until);
        }

        synchronized State state() {
            return new State(List.copyOf(entries.values()), new StreamPosition(offset, epoch));
        }

        synchronized StreamPosition position() {
            return new StreamPosition(offset, epoch);
        }

        synchronized RecoveryResult since(StreamPosition since) {
            trimStream(clock.getAsLong());
            StreamPosition top = new StreamPosition(offset, epoch);
            boolean sameEpoch = since.epoch().isEmpty() || since.epoch().equals(epoch);
            if (!sameEpoch || since.offset() > offset) return new RecoveryResult(top, false, List.of());
            if (since.offset() == offset) return new RecoveryResult(top, true, List.of());
            if (stream.isEmpty() || stream.peekFirst().offset() > since.offset() + 1) {
                return new RecoveryResult(top, false, List.of());
            }
            List<Publication> out = new ArrayList<>();
            for (Publication p : stream) if (p.offset() > since.offset()) out.add(p);
            return new RecoveryResult(top, true, out);
        }

        synchronized HistoryResult stream(long sinceOffset, int limit, boolean reverse) {
            trimStream(clock.getAsLong());
            List<Publication> out = new ArrayList<>();
            var it = reverse ? stream.descendingIterator() : stream.iterator();
            while (it.hasNext() && (limit <= 0 || out.size() < limit)) {
                Publication p = it.next();
                boolean wanted = reverse ? sinceOffset == 0 || p.offset() < sinceOffset : p.offset() > sinceOffset;
                if (wanted) out.add(p);
            }
            return new HistoryResult(new StreamPosition(offset, epoch), out);
        }

        /** @return whether the channel holds nothing any more and may be forgotten */
        synchronized boolean expire(long now) {
            if (options != null && !expiresAt.isEmpty()) {
                List<String> due = new ArrayList<>();
                for (Map.Entry<String, Long> e : expiresAt.entrySet()) if (e.getValue() <= now) due.add(e.getKey());
                for (String key : due) change(options, key, new byte[0], null, Map.of(), true);
            }
            trimStream(now);
            // an ephemeral channel without entries has no position a client could keep
            return entries.isEmpty() && (options == null || !options.mode().hasStream()) && hub.numSubscribers(name) == 0;
        }

        private void trimStream(long now) {
            if (options == null) return;
            long ttl = options.streamTtl().toMillis();
            while (!streamTimes.isEmpty() && ttl > 0 && streamTimes.peekFirst() + ttl <= now) {
                streamTimes.removeFirst();
                stream.removeFirst();
            }
        }
    }
}
