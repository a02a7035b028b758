package io.switchboard.pusher;

import java.util.List;

/**
 * One Pusher app: its credentials, limits and webhooks (Soketi's config names). Apps are isolated from each
 * other: an app's channel {@code news} is the core channel {@code namespace:news}, unless its namespace is empty,
 * in which case it shares the core's channel names (one app at a time may: the dev app does). Pusher channel names
 * hold no {@code :}, so the mapping is one to one.
 *
 * @param maxConnections        -1: unlimited
 * @param subscriptionCount     sends {@code pusher_internal:subscription_count} to subscribers of non-presence channels
 */
public record PusherApp(String id, String key, String secret, boolean enabled, boolean clientMessages,
                        int maxConnections, int maxPresenceMembers, int maxEventPayloadKb, int maxChannelNameLength,
                        int maxEventBatchSize, int maxClientEventsPerSecond, boolean subscriptionCount,
                        List<Webhook> webhooks, String namespace) {
    public static final int MAX_CHANNELS_PER_TRIGGER = 100;
    public static final int MAX_EVENT_NAME_LENGTH = 200;

    public PusherApp {
        if (id == null || id.isEmpty() || key == null || key.isEmpty() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a Pusher app needs an id, a key and a secret");
        }
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        namespace = namespace == null ? "" : namespace;
    }

    /** An app with Pusher's limits (10 KB events, 10 a batch, 200-character names, 100 members, 10 client events/s). */
    public static PusherApp of(String id, String key, String secret) {
        return new PusherApp(id, key, secret, true, false, -1, 100, 10, 200, 10, 10, false, List.of(), "");
    }

    /** Soketi's default app for development: {@code app-id}/{@code app-key}/{@code app-secret}, client events on. */
    public static PusherApp development() {
        return new PusherApp("app-id", "app-key", "app-secret", true, true, -1, 100, 10, 200, 10, 10, true, List.of(), "");
    }

    public PusherApp withNamespace(String ns) {
        return new PusherApp(id, key, secret, enabled, clientMessages, maxConnections, maxPresenceMembers,
                maxEventPayloadKb, maxChannelNameLength, maxEventBatchSize, maxClientEventsPerSecond, subscriptionCount,
                webhooks, ns);
    }

    public PusherApp withWebhooks(List<Webhook> hooks) {
        return new PusherApp(id, key, secret, enabled, clientMessages, maxConnections, maxPresenceMembers,
                maxEventPayloadKb, maxChannelNameLength, maxEventBatchSize, maxClientEventsPerSecond, subscriptionCount,
                hooks, namespace);
    }

    public boolean sharesCoreNames() {
        return namespace.isEmpty();
    }

    /** The core channel of this app's channel. */
    public String coreChannel(String pusherChannel) {
        return namespace.isEmpty() ? pusherChannel : namespace + ':' + pusherChannel;
    }

    /** This app's name of a core channel, or null when the core channel is not this app's. */
    public String pusherChannel(String coreChannel) {
        if (namespace.isEmpty()) return coreChannel.indexOf(':') < 0 ? coreChannel : null;
        int n = namespace.length();
        return coreChannel.length() > n + 1 && coreChannel.startsWith(namespace) && coreChannel.charAt(n) == ':'
                ? coreChannel.substring(n + 1) : null;
    }

    public int maxEventPayloadBytes() {
        return maxEventPayloadKb * 1024;
    }
}
