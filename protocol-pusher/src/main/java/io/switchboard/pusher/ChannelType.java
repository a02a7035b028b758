package io.switchboard.pusher;

import io.switchboard.core.ChannelKind;
import io.switchboard.core.ChannelOptions;

import java.time.Duration;
import java.util.List;

/** Pusher's channel types, read from the name's prefix, and what they make of a core channel. */
public enum ChannelType {
    PUBLIC, PRIVATE, PRESENCE, ENCRYPTED, USER;

    public static final String USER_PREFIX = "#server-to-user-";
    /** Pusher keeps a cache channel's last event for 30 minutes. */
    static final Duration CACHE_TTL = Duration.ofMinutes(30);

    public static ChannelType of(String name) {
        if (name.startsWith("private-encrypted-")) return ENCRYPTED;
        if (name.startsWith("private-")) return PRIVATE;
        if (name.startsWith("presence-")) return PRESENCE;
        if (name.startsWith(USER_PREFIX)) return USER;
        return PUBLIC;
    }

    /** {@code cache-}, {@code private-cache-}, {@code private-encrypted-cache-}, {@code presence-cache-}. */
    public static boolean isCache(String name) {
        return name.startsWith("cache-") || name.startsWith("private-cache-") || name.startsWith("private-encrypted-cache-")
                || name.startsWith("presence-cache-");
    }

    /** Needs a signature to subscribe (and is private on every protocol). */
    public boolean authorized() {
        return this != PUBLIC;
    }

    /** Where client events may be sent: private and presence channels (encrypted ones carry the backend's ciphertext only). */
    public boolean clientEvents() {
        return this == PRIVATE || this == PRESENCE;
    }

    /**
     * The core kinds of Pusher's channel types: private ones need a grant on every protocol, presence ones keep
     * presence with join and leave, cache ones keep their last event.
     */
    public static final List<ChannelKind> KINDS = List.of(
            new ChannelKind("private-", true, null),
            new ChannelKind("private-encrypted-", true, null),
            new ChannelKind("presence-", true, ChannelType::withPresence),
            new ChannelKind(USER_PREFIX, true, null),
            new ChannelKind("cache-", false, ChannelType::withCache),
            new ChannelKind("private-cache-", true, ChannelType::withCache),
            new ChannelKind("private-encrypted-cache-", true, ChannelType::withCache),
            new ChannelKind("presence-cache-", true, o -> withCache(withPresence(o))));

    private static ChannelOptions withPresence(ChannelOptions o) {
        return o.presence() && o.joinLeave() ? o : o.toBuilder().presence(true).joinLeave(true).build();
    }

    private static ChannelOptions withCache(ChannelOptions o) {
        return o.historyEnabled() ? o : o.toBuilder().historySize(1).historyTtl(CACHE_TTL).build();
    }

}
