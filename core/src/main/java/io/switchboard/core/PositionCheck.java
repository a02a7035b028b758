package io.switchboard.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Catches publications a lossy broker dropped (Redis PUB/SUB is at most once: a reconnect loses what was sent
 * meanwhile): each round reads the stream top of every local channel with history and compares it with the
 * last position the hub delivered there. A top ahead is only suspect at first (a publication may be on its
 * way); if the hub has still not reached it by the next round, or the epoch changed, the channel's sessions
 * are told their position is lost, so each protocol can recover or say it could not.
 */
final class PositionCheck {
    private final Hub hub;
    private final ChannelRules rules;
    private final HistoryStore history;
    private final Map<String, StreamPosition> suspect = new ConcurrentHashMap<>();

    PositionCheck(Hub hub, ChannelRules rules, HistoryStore history) {
        this.hub = hub;
        this.rules = rules;
        this.history = history;
    }

    void round() {
        suspect.keySet().removeIf(ch -> hub.numSubscribers(ch) == 0);
        for (String channel : hub.channels().keySet()) {
            ChannelOptions options = rules.optionsFor(channel).orElse(null);
            if (options == null || !options.historyEnabled()) continue;
            history.history(channel, HistoryFilter.POSITION_ONLY, HistoryOptions.of(options))
                    .thenAccept(h -> check(channel, h.position()))
                    .exceptionally(e -> null); // the engine is away: the next round tries again
        }
    }

    void check(String channel, StreamPosition top) {
        StreamPosition delivered = hub.lastDelivered(channel);
        if (delivered == null) { // nothing seen yet: the top is where this node's subscribers start
            hub.noteStreamPosition(channel, top);
            return;
        }
        boolean behind = !top.epoch().equals(delivered.epoch()) || top.offset() > delivered.offset();
        if (!behind) {
            suspect.remove(channel);
            return;
        }
        StreamPosition earlier = suspect.put(channel, top);
        if (earlier == null) return;
        boolean stillBehind = !earlier.epoch().equals(delivered.epoch()) || delivered.offset() < earlier.offset();
        if (!stillBehind) return; // the earlier top arrived; this one is suspect now
        suspect.remove(channel);
        hub.positionLost(channel, top);
    }
}
