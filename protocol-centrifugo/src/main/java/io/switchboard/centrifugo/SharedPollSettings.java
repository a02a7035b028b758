package io.switchboard.centrifugo;

import java.util.Map;

/**
 * Centrifugo v6's shared poll subscriptions: the HMAC secret track signatures are checked with (the top-level
 * {@code shared_poll.hmac_secret_key}, and a previous one while it is still valid), and the namespaces of
 * {@code subscription_type: shared_poll} by name ("" for {@code channel.without_namespace}).
 *
 * @param previousValidUntil unix seconds until which {@code previousSecret} still verifies; 0: not at all
 */
public record SharedPollSettings(String secret, String previousSecret, long previousValidUntil,
                                 Map<String, SharedPollOptions> namespaces, String boundary) {
    public static final SharedPollSettings NONE = new SharedPollSettings("", "", 0, Map.of(), ":");

    public SharedPollSettings {
        secret = secret == null ? "" : secret;
        previousSecret = previousSecret == null ? "" : previousSecret;
        namespaces = Map.copyOf(namespaces);
        boundary = boundary == null || boundary.isEmpty() ? ":" : boundary;
    }

    /** The options of the namespace {@code channel} is in, null when that namespace is not shared poll. */
    public SharedPollOptions options(String channel) {
        int at = channel.indexOf(boundary);
        return namespaces.get(at < 0 ? "" : channel.substring(0, at));
    }
}
