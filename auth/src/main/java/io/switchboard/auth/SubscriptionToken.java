package io.switchboard.auth;

/**
 * A verified subscription token, with the same conventions as {@link ConnectionToken} and {@link SubscribeClaim}:
 * {@code expireAt} 0 means the subscription never needs a token refresh.
 */
public record SubscriptionToken(String userId, String channel, long expireAt, byte[] info, byte[] data,
                                Boolean presence, Boolean joinLeave, Boolean forcePushJoinLeave,
                                Boolean forceRecovery, Boolean forcePositioning) {
}
