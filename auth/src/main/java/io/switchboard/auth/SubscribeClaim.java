package io.switchboard.auth;

/**
 * Options for one channel of a connection token's {@code subs} claim. Byte arrays hold JSON (or decoded
 * {@code b64info}/{@code b64data} bytes) and are null when absent; a null override keeps the channel's configuration.
 */
public record SubscribeClaim(byte[] info, byte[] data, Boolean presence, Boolean joinLeave,
                             Boolean forcePushJoinLeave, Boolean forceRecovery, Boolean forcePositioning) {
}
