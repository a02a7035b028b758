package io.switchboard.core;

import java.time.Duration;

/** The retention a channel's stream has: how many publications, for how long, and how long its epoch lives. */
public record HistoryOptions(int size, Duration ttl, Duration metaTtl) {
    public static HistoryOptions of(ChannelOptions o) {
        return new HistoryOptions(o.historySize(), o.historyTtl(), o.historyMetaTtl());
    }

    public boolean enabled() {
        return size > 0 && ttl.toMillis() > 0;
    }
}
