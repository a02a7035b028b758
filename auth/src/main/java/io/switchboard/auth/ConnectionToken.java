package io.switchboard.auth;

import java.util.List;
import java.util.Map;

/**
 * A verified connection token.
 *
 * @param userId   the {@code sub} claim, "" when absent
 * @param expireAt unix seconds after which the connection must refresh its token; 0 means never
 * @param info     connection info as JSON (or the decoded {@code b64info} bytes); null when absent
 * @param channels server-side subscriptions from {@code channels}; empty when {@code subs} is non-empty, as in Centrifugo
 * @param subs     server-side subscriptions with per-channel options from {@code subs}
 * @param meta     connection meta as JSON; null when absent
 */
public record ConnectionToken(String userId, long expireAt, byte[] info, List<String> channels,
                              Map<String, SubscribeClaim> subs, byte[] meta) {
}
