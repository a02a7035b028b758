package io.switchboard.protocol;

import io.switchboard.auth.SubscriptionToken;
import io.switchboard.auth.TokenException;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Node;

import java.time.Clock;
import java.util.Optional;

/**
 * The channel verdicts of every protocol: may this user subscribe (with or without a subscription token),
 * publish, read presence, read history. Names are checked first (length and characters: 107), then the
 * namespace (102), then tokens or the {@link ChannelPolicy}. A protocol adds only what is its own (Centrifugo's
 * subscription limit, an empty channel that means a broken client) and turns the verdict into frames.
 */
public final class ChannelAccess {
    private final Node node;
    private final TokenVerifier subscriptionTokens;
    private final ChannelPolicy policy;
    private final Clock clock;

    /** @param subscriptionTokens null when no subscription token can be verified: a token is then ignored */
    public ChannelAccess(Node node, TokenVerifier subscriptionTokens, ChannelPolicy policy, Clock clock) {
        this.node = node;
        this.subscriptionTokens = subscriptionTokens;
        this.policy = policy;
        this.clock = clock;
    }

    /** What a subscribe was granted: the verdict and, when allowed, the options and token data to use. */
    public record Grant(Verdict verdict, ChannelOptions options, byte[] info, byte[] data, long expireAt) {
        static Grant refused(Verdict v) {
            return new Grant(v, null, null, null, 0);
        }
    }

    public Verdict name(String channel) {
        return node.rules().validName(channel) ? Verdict.ALLOWED : Verdict.refused(ClientError.BAD_REQUEST);
    }

    /** A subscribe request; {@code token} may be null or empty (then the policy decides). */
    public Grant subscribe(String user, String channel, String token) {
        Lookup l = lookup(channel);
        if (l.refusal != null) return Grant.refused(l.refusal);
        ChannelOptions o = l.options;
        if (token != null && !token.isEmpty() && subscriptionTokens != null) return withToken(user, channel, o, token);
        // private by name ($, or a kind such as Pusher's private-): a grant is needed, even in development
        if (node.rules().privateByName(channel)) return Grant.refused(Verdict.refused(ClientError.PERMISSION_DENIED));
        Verdict v = policy.subscribe(user, channel, o);
        return v.isAllowed() ? new Grant(v, o, null, null, 0) : Grant.refused(v);
    }

    private Grant withToken(String user, String channel, ChannelOptions o, String jwt) {
        SubscriptionToken t;
        try {
            t = subscriptionTokens.verifySubscriptionToken(jwt);
        } catch (TokenException e) {
            // as Centrifugo v6: a token that does not verify is a refusal, not a broken client
            return Grant.refused(Verdict.refused(e.kind() == TokenException.Kind.EXPIRED ? ClientError.TOKEN_EXPIRED
                    : ClientError.PERMISSION_DENIED));
        }
        if (!t.userId().equals(user) || !t.channel().equals(channel)) {
            return Grant.refused(Verdict.ended(Disconnect.INVALID_TOKEN)); // a valid token for someone or something else
        }
        if (expired(t.expireAt())) return Grant.refused(Verdict.refused(ClientError.TOKEN_EXPIRED));
        ChannelOptions granted = override(o, t.presence(), t.joinLeave(), t.forcePushJoinLeave(), t.forceRecovery(),
                t.forcePositioning());
        return new Grant(Verdict.ALLOWED, granted, t.info(), t.data(), t.expireAt());
    }

    /**
     * A subscription token presented to extend a subscription (Centrifugo's sub_refresh): unlike a subscribe, a
     * token that does not verify ends the connection, as Centrifugo does; an expired one is refused (109).
     */
    public Grant refresh(String user, String channel, String jwt) {
        if (subscriptionTokens == null) return Grant.refused(Verdict.refused(ClientError.NOT_AVAILABLE));
        SubscriptionToken t;
        try {
            t = subscriptionTokens.verifySubscriptionToken(jwt);
        } catch (TokenException e) {
            return Grant.refused(e.kind() == TokenException.Kind.EXPIRED ? Verdict.refused(ClientError.TOKEN_EXPIRED)
                    : Verdict.ended(Disconnect.INVALID_TOKEN));
        }
        if (!t.userId().equals(user) || !t.channel().equals(channel)) return Grant.refused(Verdict.ended(Disconnect.INVALID_TOKEN));
        if (expired(t.expireAt())) return Grant.refused(Verdict.refused(ClientError.TOKEN_EXPIRED));
        return new Grant(Verdict.ALLOWED, null, t.info(), t.data(), t.expireAt());
    }

    public Verdict publish(String user, String channel, boolean subscribed) {
        Lookup l = lookup(channel);
        if (l.refusal != null) return l.refusal;
        // writing into a private kind is a subscriber's right, as reading it is: else anyone could forge its events
        if (outsider(channel, subscribed)) return Verdict.refused(ClientError.PERMISSION_DENIED);
        return policy.publish(user, channel, l.options, subscribed);
    }

    public Verdict presence(String user, String channel, boolean subscribed) {
        Lookup l = lookup(channel);
        if (l.refusal != null) return l.refusal;
        if (!l.options.presence()) return Verdict.refused(ClientError.NOT_AVAILABLE);
        if (outsider(channel, subscribed)) return Verdict.refused(ClientError.PERMISSION_DENIED);
        return policy.presence(user, channel, l.options, subscribed);
    }

    public Verdict history(String user, String channel, boolean subscribed) {
        Lookup l = lookup(channel);
        if (l.refusal != null) return l.refusal;
        if (!l.options.historyEnabled()) return Verdict.refused(ClientError.NOT_AVAILABLE);
        if (outsider(channel, subscribed)) return Verdict.refused(ClientError.PERMISSION_DENIED);
        return policy.history(user, channel, l.options, subscribed);
    }

    /**
     * A channel of a private kind (Pusher's {@code private-}) is read and written only by its subscribers, whose
     * subscription needed a grant, even where the rules allow everything. ({@code $} channels keep Centrifugo's rules.)
     */
    private boolean outsider(String channel, boolean subscribed) {
        if (subscribed) return false;
        io.switchboard.core.ChannelKind kind = node.rules().kindOf(channel);
        return kind != null && kind.privateByName();
    }

    /** The name check (107), then the namespace (102): a refusal, or the channel's options. */
    private record Lookup(Verdict refusal, ChannelOptions options) {
    }

    private Lookup lookup(String channel) {
        Verdict name = name(channel);
        if (!name.isAllowed()) return new Lookup(name, null);
        Optional<ChannelOptions> o = node.optionsFor(channel);
        return o.map(options -> new Lookup(null, options))
                .orElseGet(() -> new Lookup(Verdict.refused(ClientError.UNKNOWN_CHANNEL), null));
    }

    /** Whether an expiry (unix seconds, 0 = never) has passed, on the same clock as the token verifier's. */
    public boolean expired(long expireAt) {
        return Expiry.passed(expireAt, clock);
    }

    /** The seconds left until an expiry, as a subscribe or refresh reply states them (0: never expires). */
    public long ttlSeconds(long expireAt) {
        return Expiry.ttlSeconds(expireAt, clock);
    }

    public long nowSeconds() {
        return Expiry.nowSeconds(clock);
    }

    public Clock clock() {
        return clock;
    }

    public ChannelPolicy policy() {
        return policy;
    }

    /** The channel's options as a token's claims change them (null claims keep the channel's own). */
    public static ChannelOptions override(ChannelOptions o, Boolean presence, Boolean joinLeave,
                                           Boolean forcePushJoinLeave, Boolean forceRecovery, Boolean forcePositioning) {
        if (presence == null && joinLeave == null && forcePushJoinLeave == null && forceRecovery == null
                && forcePositioning == null) return o;
        ChannelOptions.Builder b = o.toBuilder();
        if (presence != null) b.presence(presence);
        if (joinLeave != null) b.joinLeave(joinLeave);
        if (forcePushJoinLeave != null) b.forcePushJoinLeave(forcePushJoinLeave);
        if (forceRecovery != null) b.forceRecovery(forceRecovery);
        if (forcePositioning != null) b.forcePositioning(forcePositioning);
        return b.build();
    }
}
