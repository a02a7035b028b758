package io.switchboard.protocol;

import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.core.Node;

import java.time.Clock;
import java.util.Map;

/**
 * Client access for every protocol of one server: one pair of token verifiers and one clock, the connection
 * decision and the channel verdicts. The server builder makes one and hands it to each protocol.
 */
public final class ClientAccess {
    private final ConnectionAccess connection;
    private final ChannelAccess channels;
    private final String signingSecret;
    private final TokenKeys connectionKeys;

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
        this.signingSecret = connectionKeys == null ? null : connectionKeys.hmacSecretKey();
        this.connectionKeys = connectionKeys;
    }

    /** Whether {@link #signConnectionToken} can sign: an HMAC secret verifies connection tokens. */
    public boolean signsTokens() {
        return signingSecret != null && !signingSecret.isEmpty();
    }

    /**
     * A connection token (HS256) over these claims, with the secret connection tokens are verified with, so a
     * token a protocol hands its client (SocketCluster's {@code #setAuthToken}) is one every protocol accepts. The
     * configured audience and issuer are added unless the claims name their own.
     *
     * @throws IllegalStateException when no HMAC secret is configured (only public keys: the server cannot sign)
     */
    public String signConnectionToken(Map<String, Object> claims) {
        if (!signsTokens()) throw new IllegalStateException("no HMAC secret to sign connection tokens with");
        Map<String, Object> all = new java.util.LinkedHashMap<>(claims);
        if (present(connectionKeys.audience())) all.putIfAbsent("aud", connectionKeys.audience());
        if (present(connectionKeys.issuer())) all.putIfAbsent("iss", connectionKeys.issuer());
        return TokenIssuer.hs256(signingSecret, all);
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    public ConnectionAccess connection() {
        return connection;
    }

    public ChannelAccess channels() {
        return channels;
    }
}
