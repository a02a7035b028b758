package io.switchboard.centrifugo;

import io.switchboard.protocol.proxy.ProxyEndpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@code subscription_type: shared_poll} namespace's {@code shared_poll} block: the proxy the server polls for
 * the items its subscribers track, how often and in batches of how many keys, and how many keys one connection
 * may track.
 *
 * @param versioned            {@code mode: versioned}: the backend's versions order updates; otherwise (versionless)
 *                             a change of an item's data is an update, numbered by the server
 * @param channelShutdownDelay how long a channel's poll outlives its last tracked key
 */
public record SharedPollOptions(boolean versioned, ProxyEndpoint proxy, Duration refreshInterval, int refreshBatchSize,
                                int maxKeysPerConnection, Duration channelShutdownDelay) {
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_MAX_KEYS = 1000;

    public SharedPollOptions {
        Objects.requireNonNull(proxy, "proxy");
        if (refreshInterval == null || refreshInterval.isZero() || refreshInterval.isNegative()) {
            refreshInterval = DEFAULT_REFRESH_INTERVAL;
        }
        if (refreshBatchSize <= 0) refreshBatchSize = DEFAULT_BATCH_SIZE;
        if (maxKeysPerConnection <= 0) maxKeysPerConnection = DEFAULT_MAX_KEYS;
        if (channelShutdownDelay == null || channelShutdownDelay.isNegative()) channelShutdownDelay = Duration.ZERO;
    }
}
