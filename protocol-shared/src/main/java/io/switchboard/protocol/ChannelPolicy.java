package io.switchboard.protocol;

import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelPermissions;
import io.switchboard.core.ClientError;

/**
 * Who may do what in a channel, for every protocol at once. The default reads the channel options from config
 * (Centrifugo's {@code allow_*} rules, denying where no rule allows); an embedding application may set its own.
 * Called on a connection's event loop: answer at once, never block. Subscriptions with a valid subscription
 * token, and private ({@code $}) channels, are decided before the policy is asked.
 */
public interface ChannelPolicy {
    /** A subscribe without a subscription token. */
    Verdict subscribe(String user, String channel, ChannelOptions options);

    Verdict publish(String user, String channel, ChannelOptions options, boolean subscribed);

    Verdict presence(String user, String channel, ChannelOptions options, boolean subscribed);

    Verdict history(String user, String channel, ChannelOptions options, boolean subscribed);

    /** The channel options from config; {@code insecure} allows everything (development only). */
    static ChannelPolicy fromOptions(boolean insecure) {
        return new ChannelPolicy() {
            @Override
            public Verdict subscribe(String user, String channel, ChannelOptions o) {
                return verdict(ChannelPermissions.canSubscribe(o, channel, user, insecure));
            }

            @Override
            public Verdict publish(String user, String channel, ChannelOptions o, boolean subscribed) {
                return verdict(ChannelPermissions.canPublish(o, user, subscribed, insecure));
            }

            @Override
            public Verdict presence(String user, String channel, ChannelOptions o, boolean subscribed) {
                return verdict(ChannelPermissions.canPresence(o, user, subscribed, insecure));
            }

            @Override
            public Verdict history(String user, String channel, ChannelOptions o, boolean subscribed) {
                return verdict(ChannelPermissions.canHistory(o, user, subscribed, insecure));
            }
        };
    }

    private static Verdict verdict(boolean allowed) {
        return allowed ? Verdict.ALLOWED : Verdict.refused(ClientError.PERMISSION_DENIED);
    }
}
