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
    private final TokenVerifier connectionTokens;
    private volatile TokenKeys connectionKeys; // signs what this server hands out; replaced with the verifier's

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
        this.connectionTokens = connectionTokens;
        this.connectionKeys = connectionKeys;
    }

    /**
     * Verifies connection tokens (and subscription tokens when they have no keys of their own) with these keys
     * from now on, and signs with its HMAC secret: a key rotation for every protocol at once. Connections already
     * authenticated stay so; tokens signed with the old keys are refused from now on.
     *
     * @throws IllegalArgumentException if a PEM key cannot be used; the old keys stay
     */
    public void replaceConnectionKeys(TokenKeys keys) {
        connectionTokens.replaceKeys(keys);
        this.connectionKeys = keys;
    }

    /** Whether {@link #signConnectionToken} can sign: an HMAC secret verifies connection tokens. */
    public boolean signsTokens() {
        return canSign(connectionKeys);
    }

    private static boolean canSign(TokenKeys keys) {
        return keys != null && present(keys.hmacSecretKey());
    }

    /**
     * A connection token (HS256) over these claims, with the secret connection tokens are verified with, so a
     * token a protocol hands its client (SocketCluster's {@code #setAuthToken}) is one every protocol accepts. The
     * configured audience and issuer are added unless the claims name their own.
     *
     * @throws IllegalStateException when no HMAC secret is configured (only public keys: the server cannot sign)
     */
    public String signConnectionToken(Map<String, Object> claims) {
        TokenKeys keys = connectionKeys; // read once: a rotation between check and signing must not split them
        if (!canSign(keys)) throw new IllegalStateException("no HMAC secret to sign connection tokens with");
        Map<String, Object> all = new java.util.LinkedHashMap<>(claims);
        if (present(keys.audience())) all.putIfAbsent("aud", keys.audience());
        if (present(keys.issuer())) all.putIfAbsent("iss", keys.issuer());
        return TokenIssuer.hs256(keys.hmacSecretKey(), all);
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
