package io.switchboard.protocol;

import io.switchboard.auth.TokenKeys;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.core.Node;

import java.time.Clock;

/**
 * Client access for every protocol of one server: one pair of token verifiers and one clock, the connection
 * decision and the channel verdicts. The server builder makes one and hands it to each protocol.
 */
public final class ClientAccess {
    private final ConnectionAccess connection;
    private final ChannelAccess channels;

    /**
     * @param subscriptionKeys null to verify subscription tokens with the connection keys
     * @param allowAnonymous   connections without a token are anonymous instead of refused
     * @param insecure         development only: every channel open, no expiry
     */
    public ClientAccess(Node node, TokenKeys connectionKeys, TokenKeys subscriptionKeys, boolean allowAnonymous,
                        boolean insecure, ChannelPolicy policy, Clock clock) {
        TokenVerifier connectionTokens = new TokenVerifier(connectionKeys, clock);
        TokenVerifier subscriptionTokens = subscriptionKeys == null ? connectionTokens : new TokenVerifier(subscriptionKeys, clock);
        this.channels = new ChannelAccess(node, subscriptionTokens, policy == null ? ChannelPolicy.fromOptions(insecure) : policy,
                clock);
        this.connection = new ConnectionAccess(connectionTokens, clock, allowAnonymous, insecure);
    }

    public ConnectionAccess connection() {
        return connection;
    }

    public ChannelAccess channels() {
        return channels;
    }
}
