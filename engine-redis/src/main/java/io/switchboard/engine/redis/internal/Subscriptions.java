package io.switchboard.engine.redis.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One PUB/SUB subscription per channel per node, however many local subscribers it has. The core calls
 * subscribe on a channel's first local subscriber and unsubscribe after its last; two threads can cross
 * (a last one leaving while a new first one arrives), so the counts decide here, and the commands go out
 * in the order the counts changed: the connection keeps that order.
 */
public final class Subscriptions {
    private final Map<String, Entry> channels = new HashMap<>();
    private final Function<String, CompletableFuture<Void>> subscribe;
    private final Function<String, CompletableFuture<Void>> unsubscribe;

    private static final class Entry {
        int count;
        CompletableFuture<Void> subscribed;
    }

    public Subscriptions(Function<String, CompletableFuture<Void>> subscribe,
                         Function<String, CompletableFuture<Void>> unsubscribe) {
        this.subscribe = subscribe;
        this.unsubscribe = unsubscribe;
    }

    /** Completes once Redis has confirmed the subscription, so a history read after it misses nothing live. */
    public synchronized CompletableFuture<Void> add(String channel) {
        Entry e = channels.computeIfAbsent(channel, c -> new Entry());
        if (e.count++ == 0) e.subscribed = subscribe.apply(channel);
        return e.subscribed;
    }

    public synchronized CompletableFuture<Void> remove(String channel) {
        Entry e = channels.get(channel);
        if (e == null) return CompletableFuture.completedFuture(null);
        if (--e.count > 0) return CompletableFuture.completedFuture(null);
        channels.remove(channel);
        return unsubscribe.apply(channel);
    }

    /**
     * Subscribes again to a channel the node still wants, after Redis dropped the subscription on its own (in
     * the order of the other commands, so it cannot overtake an unsubscribe); null when it is not wanted.
     */
    public synchronized CompletableFuture<Void> renew(String channel) {
        return channels.containsKey(channel) ? subscribe.apply(channel) : null;
    }

    /** The channels the node wants now. */
    public synchronized List<String> wanted() {
        return new ArrayList<>(channels.keySet());
    }

    public synchronized int size() {
        return channels.size();
    }
}
