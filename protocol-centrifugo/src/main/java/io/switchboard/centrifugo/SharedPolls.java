package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.protocol.proxy.PolledKey;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxyReply;
import io.switchboard.protocol.proxy.ProxyResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's shared poll channels (Centrifugo v6's {@code subscription_type: shared_poll}): per channel the keys
 * its subscribers track, each with the latest version and data the backend gave, polled through the namespace's
 * refresh proxy on one timer per channel however many connections track a key. Changes reach each tracker, which
 * brings them to its own connection's loop. Thread-safe: a channel's state is guarded by its own monitor; proxy
 * replies arrive on the proxy client's threads.
 */
final class SharedPolls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedPolls.class);

    /** A connection's subscription to a shared poll channel, as the poller sees it. */
    interface Tracker {
        /** An update or removal of {@code item.key()}: may be called from any thread. */
        void polled(Results.PollItem item);
    }

    /** How a batch of keys is refreshed: the namespace's proxy in the server, a fake in tests. */
    interface Refresher {
        CompletableFuture<ProxyReply<List<ProxyResults.PolledItem>>> refresh(SharedPollOptions o, String channel,
                                                                            List<PolledKey> keys);
    }

    private final Refresher refresher;
    private final ScheduledExecutorService timer;
    private final Map<String, PollChannel> channels = new HashMap<>();
    /** Versionless mode numbers changes with one counter, so versions grow for the server's whole life. */
    private final AtomicLong synthetic = new AtomicLong();
    /** Versionless versions are this server's: a client seeing another epoch forgets the versions it holds. */
    private final String epoch = epoch();

    SharedPolls(Proxies proxies) {
        this((o, channel, keys) -> proxies.sharedPollRefresh(o.proxy(), channel, keys));
    }

    SharedPolls(Refresher refresher) {
        this.refresher = refresher;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shared-poll");
            t.setDaemon(true);
            return t;
        });
    }

    private static String epoch() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) b.append(letters.charAt(random.nextInt(letters.length())));
        return b.toString();
    }

    /** The epoch a subscribe answers: empty for versioned channels, whose versions are the backend's. */
    String epoch(SharedPollOptions o) {
        return o.versioned() ? "" : epoch;
    }

    private static final class Entry {
        long version;
        byte[] data;
        final Set<Tracker> trackers = new LinkedHashSet<>();
    }

    private final class PollChannel {
        final String name;
        final SharedPollOptions options;
        final Map<String, Entry> entries = new HashMap<>();
        ScheduledFuture<?> tick;
        ScheduledFuture<?> shutdown;

        PollChannel(String name, SharedPollOptions options) {
            this.name = name;
            this.options = options;
        }
    }

    /**
     * Adds {@code tracker} to {@code key}'s trackers; returns the item when the server holds a newer version than
     * {@code knownVersion}, null otherwise. A key no one tracked before and the client holds nothing of is polled at
     * once rather than at the next tick.
     */
    Results.PollItem track(String channel, SharedPollOptions o, String key, long knownVersion, Tracker tracker) {
        boolean cold;
        Results.PollItem newer = null;
        synchronized (this) {
            PollChannel c = channels.computeIfAbsent(channel, n -> new PollChannel(n, o));
            if (c.shutdown != null) {
                c.shutdown.cancel(false);
                c.shutdown = null;
            }
            if (c.tick == null) {
                long every = o.refreshInterval().toMillis();
                c.tick = timer.scheduleWithFixedDelay(() -> poll(c, null), every, every, TimeUnit.MILLISECONDS);
            }
            Entry e = c.entries.get(key);
            cold = e == null && knownVersion == 0;
            if (e == null) {
                e = new Entry();
                c.entries.put(key, e);
            }
            e.trackers.add(tracker);
            if (e.data != null && e.version > knownVersion) newer = new Results.PollItem(key, e.data, e.version, false);
            if (cold) {
                PollChannel polled = c;
                timer.execute(() -> poll(polled, Set.of(key)));
            }
        }
        return newer;
    }

    /** Removes {@code tracker} from {@code key}; the last tracker gone, the key is no longer polled. */
    void untrack(String channel, String key, Tracker tracker) {
        synchronized (this) {
            PollChannel c = channels.get(channel);
            if (c == null) return;
            Entry e = c.entries.get(key);
            if (e == null) return;
            e.trackers.remove(tracker);
            if (e.trackers.isEmpty()) c.entries.remove(key);
            if (c.entries.isEmpty()) idle(c);
        }
    }

    /** Called under this monitor: the channel's poll stops after its shutdown delay unless a key comes back. */
    private void idle(PollChannel c) {
        if (c.shutdown != null) return;
        Runnable stop = () -> {
            synchronized (this) {
                if (!c.entries.isEmpty() || channels.get(c.name) != c) return;
                if (c.tick != null) c.tick.cancel(false);
                channels.remove(c.name);
            }
        };
        long delay = c.options.channelShutdownDelay().toMillis();
        if (delay <= 0) {
            if (c.tick != null) c.tick.cancel(false);
            channels.remove(c.name);
        } else {
            c.shutdown = timer.schedule(stop, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** A round for {@code channel} now, besides its timer's (tests). */
    void pollNow(String channel) {
        PollChannel c;
        synchronized (this) {
            c = channels.get(channel);
        }
        if (c != null) timer.execute(() -> poll(c, null));
    }

    /** One round: the channel's keys (or just {@code only}) in batches to the refresh proxy. */
    private void poll(PollChannel c, Set<String> only) {
        List<PolledKey> keys = new ArrayList<>();
        synchronized (this) {
            for (String k : new TreeSet<>(only != null ? only : c.entries.keySet())) {
                Entry e = c.entries.get(k);
                if (e != null) keys.add(new PolledKey(k, c.options.versioned() ? e.version : 0));
            }
        }
        int batch = c.options.refreshBatchSize();
        for (int from = 0; from < keys.size(); from += batch) {
            List<PolledKey> part = keys.subList(from, Math.min(keys.size(), from + batch));
            refresher.refresh(c.options, c.name, List.copyOf(part)).whenComplete((reply, err) -> {
                if (err != null || !reply.verdict().isAllowed()) {
                    log.warn("shared poll refresh of {} failed: {}", c.name, err != null ? err : reply.verdict());
                    return;
                }
                applied(c, reply.result());
            });
        }
    }

    /** A refresh reply: each changed item goes to its trackers, outside the monitor. */
    private void applied(PollChannel c, List<ProxyResults.PolledItem> items) {
        List<Map.Entry<Results.PollItem, List<Tracker>>> out = new ArrayList<>();
        synchronized (this) {
            for (ProxyResults.PolledItem i : items) {
                Entry e = c.entries.get(i.key());
                if (e == null) continue;
                if (i.removed()) {
                    out.add(Map.entry(new Results.PollItem(i.key(), null, 0, true), List.copyOf(e.trackers)));
                    c.entries.remove(i.key());
                    continue;
                }
                byte[] data = i.data() == null ? new byte[0] : i.data();
                long version;
                if (c.options.versioned()) {
                    if (i.version() <= e.version) continue;
                    version = i.version();
                } else {
                    if (e.data != null && Arrays.equals(e.data, data)) continue;
                    version = synthetic.incrementAndGet();
                }
                e.version = version;
                e.data = data;
                out.add(Map.entry(new Results.PollItem(i.key(), data, version, false), List.copyOf(e.trackers)));
            }
            if (c.entries.isEmpty()) idle(c);
        }
        for (var o : out) for (Tracker t : o.getValue()) t.polled(o.getKey());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
