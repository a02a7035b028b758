package io.switchboard.core;

/**
 * Centrifugo's channel permission rules for what a client may do in a channel, whatever its protocol.
 * "For client" options cover authenticated users; anonymous ones also need the matching "for anonymous" option.
 */
public final class ChannelPermissions {
    private ChannelPermissions() {
    }

    public static boolean canSubscribe(ChannelOptions o, String channel, String user, boolean insecure) {
        if (insecure) return true;
        if (o.allowUserLimitedChannels() && ChannelRules.isUserLimited(channel)) {
            return ChannelRules.userAllowed(channel, user);
        }
        return o.allowSubscribeForClient() && (!user.isEmpty() || o.allowSubscribeForAnonymous());
    }

    public static boolean canPublish(ChannelOptions o, String user, boolean subscribed, boolean insecure) {
        return insecure || allowed(o.allowPublishForClient(), o.allowPublishForSubscriber(),
                o.allowPublishForAnonymous(), user, subscribed);
    }

    public static boolean canPresence(ChannelOptions o, String user, boolean subscribed, boolean insecure) {
        return insecure || allowed(o.allowPresenceForClient(), o.allowPresenceForSubscriber(),
                o.allowPresenceForAnonymous(), user, subscribed);
    }

    public static boolean canHistory(ChannelOptions o, String user, boolean subscribed, boolean insecure) {
        return insecure || allowed(o.allowHistoryForClient(), o.allowHistoryForSubscriber(),
                o.allowHistoryForAnonymous(), user, subscribed);
    }

    private static boolean allowed(boolean forClient, boolean forSubscriber, boolean forAnonymous, String user,
                                   boolean subscribed) {
        boolean identityOk = !user.isEmpty() || forAnonymous;
        return identityOk && (forClient || (forSubscriber && subscribed));
    }
}
