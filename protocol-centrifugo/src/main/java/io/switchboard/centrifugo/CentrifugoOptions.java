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
        String serverVersion) {

    public CentrifugoOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (!pingInterval.isZero() && pingInterval.compareTo(pongTimeout) <= 0) {
            throw new IllegalArgumentException("client.ping_interval must be greater than client.pong_timeout");
        }
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
                allowAnonymousConnectWithoutToken, connectionTokenKeys, subscriptionTokenKeys, origins, serverVersion);
    }

    public CentrifugoOptions withAnonymous(boolean allowAnonymous) {
        return new CentrifugoOptions(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymous, connectionTokenKeys, subscriptionTokenKeys, allowedOrigins, serverVersion);
    }

    public CentrifugoOptions withPing(Duration ping, Duration pong) {
        return new CentrifugoOptions(ping, pong, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connectionTokenKeys, subscriptionTokenKeys, allowedOrigins,
                serverVersion);
    }

    public CentrifugoOptions withTokenKeys(TokenKeys connection, TokenKeys subscription) {
        return new CentrifugoOptions(pingInterval, pongTimeout, staleCloseDelay, expiredCloseDelay, channelLimit,
                queueMaxSize, messageSizeLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit, insecure,
                allowAnonymousConnectWithoutToken, connection, subscription, allowedOrigins, serverVersion);
    }
}
