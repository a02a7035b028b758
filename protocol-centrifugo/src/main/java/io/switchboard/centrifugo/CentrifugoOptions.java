package io.switchboard.centrifugo;

import io.switchboard.auth.TokenKeys;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the Centrifugo client protocol, named after Centrifugo v6's {@code client.*} keys.
 *
 * @param subscriptionTokenKeys keys for subscription tokens; null means the connection token keys
 * @param allowedOrigins        browser origins that may connect ({@code *} wildcards); empty refuses every
 *                              request that carries an Origin header
 * @param concurrency           {@code client.concurrency}: how many commands of one connection wait on their reply
 *                              at once; 0 or 1 is one at a time, as Centrifugo's default
 */
public record CentrifugoOptions(
        Duration pingInterval,
        Duration pongTimeout,
        Duration staleCloseDelay,
        Duration expiredCloseDelay,
        int channelLimit,
        int queueMaxSize,
        int messageSizeLimit,
        int historyMaxPublicationLimit,
        int recoveryMaxPublicationLimit,
        boolean insecure,
        boolean allowAnonymousConnectWithoutToken,
        TokenKeys connectionTokenKeys,
        TokenKeys subscriptionTokenKeys,
        List<String> allowedOrigins,
        String serverVersion,
        int concurrency) {

    public CentrifugoOptions {
        if (concurrency < 0) throw new IllegalArgumentException("client.concurrency must not be negative");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (!pingInterval.isZero() && pingInterval.compareTo(pongTimeout) <= 0) {
            throw new IllegalArgumentException("client.ping_interval must be greater than client.pong_timeout");
        }
    }

    /** One command at a time, as Centrifugo without {@code client.concurrency}. */
    public CentrifugoOptions(Duration pingInterval, Duration pongTimeout, Duration staleCloseDelay,
                             Duration expiredCloseDelay, int channelLimit, int queueMaxSize, int messageSizeLimit,
                             int historyMaxPublicationLimit, int recoveryMaxPublicationLimit, boolean insecure,
                             boolean allowAnonymousConnectWithoutToken, TokenKeys connectionTokenKeys,
                             TokenKeys subscriptionTokenKeys, List<String> allowedOrigins, String serverVersion) {
        this(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit, queueMaxSize,
                messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connectionTokenKeys, subscriptionTokenKeys, allowedOrigins,
                serverVersion, 0);
    }

    /** Centrifugo's defaults, with no token keys and no allowed origins. */
    public static CentrifugoOptions defaults() {
        return new CentrifugoOptions(Duration.ofSeconds(25), Duration.ofSeconds(8), Duration.ofSeconds(10),
                Duration.ofSeconds(25), 128, 1 << 20, 65536, 300, 300, false, false,
                new TokenKeys(null, null, null, null, null), null, List.of(), "0.1.0");
    }

    public CentrifugoOptions withAllowedOrigins(List<String> origins) {
        return new CentrifugoOptions(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connectionTokenKeys, subscriptionTokenKeys, origins, serverVersion, concurrency);
    }

    public CentrifugoOptions withAnonymous(boolean allowAnonymous) {
        return new CentrifugoOptions(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymous, connectionTokenKeys, subscriptionTokenKeys, allowedOrigins, serverVersion, concurrency);
    }

    public CentrifugoOptions withPing(Duration ping, Duration pong) {
        return new CentrifugoOptions(ping, pong, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connectionTokenKeys, subscriptionTokenKeys, allowedOrigins,
                serverVersion, concurrency);
    }

    public CentrifugoOptions withConcurrency(int commands) {
        return new CentrifugoOptions(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connectionTokenKeys, subscriptionTokenKeys, allowedOrigins,
                serverVersion, commands);
    }

    public CentrifugoOptions withTokenKeys(TokenKeys connection, TokenKeys subscription) {
        return new CentrifugoOptions(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connection, subscription, allowedOrigins, serverVersion, concurrency);
    }
}
