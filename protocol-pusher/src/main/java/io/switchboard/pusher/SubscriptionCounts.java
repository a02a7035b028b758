package io.switchboard.pusher;

import io.switchboard.core.Node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code pusher_internal:subscription_count} for apps that turn it on: every subscribe and unsubscribe of a
 * non-presence channel tells its Pusher subscribers the new count (subscribers of every protocol, as the hub counts
 * them), and the {@code subscription_count} webhook. Above 100 subscribers a channel is told at most every 5 s,
 * as Pusher does, so a crowd joining is not a storm of counts.
 */
final class SubscriptionCounts {
    static final int BUSY = 100;
    static final long BUSY_INTERVAL_MS = 5000;

    private final Pusher pusher;
    private final Node node;
    private final ScheduledExecutorService timer;
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

    SubscriptionCounts(Pusher pusher, ScheduledExecutorService timer) {
        this.pusher = pusher;
        this.node = pusher.node();
        this.timer = timer;
    }

    void changed(PusherApp app, String core) {
        if (!app.subscriptionCount()) return;
        int n = node.hub().numSubscribers(core);
        if (n <= BUSY) {
            lastSent.remove(core);
            send(app, core, n);
            return;
        }
        long now = System.currentTimeMillis();
        Long last = lastSent.get(core);
        if (last == null || now - last >= BUSY_INTERVAL_MS) {
            lastSent.put(core, now);
            send(app, core, n);
        } else if (pending.putIfAbsent(core, Boolean.TRUE) == null) {
            timer.schedule(() -> {
                pending.remove(core);
                lastSent.put(core, System.currentTimeMillis());
                send(app, core, node.hub().numSubscribers(core));
            }, BUSY_INTERVAL_MS - (now - last), TimeUnit.MILLISECONDS);
        }
    }

    private void send(PusherApp app, String core, int count) {
        if (count == 0) lastSent.remove(core);
        node.hub().forEachSubscriber(core, s -> {
            if (s instanceof PusherConnection c) c.subscriptionCount(core, count);
        });
        pusher.webhook(app, "subscription_count", app.pusherChannel(core), Map.of("subscription_count", count));
    }
}
