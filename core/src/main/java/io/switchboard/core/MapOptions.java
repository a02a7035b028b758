package io.switchboard.core;

import java.time.Duration;

/**
 * A map channel's options (Centrifugo's {@code subscription_type: map} and its {@code map} block): the channel is
 * a state of keyed entries that subscribers receive whole, then every change. {@code EPHEMERAL} entries expire
 * after {@code keyTtl} and there is no stream (a resubscribe gets the state again); {@code RECOVERABLE} entries
 * expire and changes are kept in a stream of {@code streamSize} for {@code streamTtl} (so a client recovers what
 * it missed); {@code PERSISTENT} entries stay until removed, with the stream. A {@code TYPE_MAP_CLIENTS} map is
 * kept by the server: one entry per client subscribed to the channel it names after a map namespace's
 * {@code clientsPresenceChannelPrefix}.
 */
public record MapOptions(Mode mode, Duration keyTtl, int streamSize, Duration streamTtl,
                         boolean allowPublishForClient, boolean allowPublishForSubscriber,
                         boolean allowPublishForAnonymous, boolean allowRemoveForClient,
                         boolean allowRemoveForSubscriber, boolean allowRemoveForAnonymous,
                         String clientKey, int defaultPageSize, int minPageSize, int maxPageSize, int type,
                         String clientsPresenceChannelPrefix) {
    /** Subscribe types: a map, and the map of the clients subscribed to another channel. */
    public static final int TYPE_MAP = 1;
    public static final int TYPE_MAP_CLIENTS = 2;

    public MapOptions(Mode mode, Duration keyTtl, int streamSize, Duration streamTtl,
                      boolean allowPublishForClient, boolean allowPublishForSubscriber,
                      boolean allowPublishForAnonymous, boolean allowRemoveForClient,
                      boolean allowRemoveForSubscriber, boolean allowRemoveForAnonymous,
                      String clientKey, int defaultPageSize, int minPageSize, int maxPageSize) {
        this(mode, keyTtl, streamSize, streamTtl, allowPublishForClient, allowPublishForSubscriber,
                allowPublishForAnonymous, allowRemoveForClient, allowRemoveForSubscriber, allowRemoveForAnonymous,
                clientKey, defaultPageSize, minPageSize, maxPageSize, TYPE_MAP, "");
    }

    public enum Mode {
        EPHEMERAL, RECOVERABLE, PERSISTENT;

        public boolean hasStream() {
            return this != EPHEMERAL;
        }

        public boolean expires() {
            return this != PERSISTENT;
        }
    }

    /** A client's publish keyed by its client id instead of the key it sends. */
    public static final String CLIENT_KEY_CLIENT_ID = "client_id";

    public MapOptions {
        mode = mode == null ? Mode.EPHEMERAL : mode;
        keyTtl = keyTtl == null ? Duration.ZERO : keyTtl;
        // centrifuge's defaults for a map with a stream
        streamSize = mode.hasStream() && streamSize <= 0 ? 100 : streamSize;
        streamTtl = mode.hasStream() && (streamTtl == null || streamTtl.isZero()) ? Duration.ofMinutes(1)
                : streamTtl == null ? Duration.ZERO : streamTtl;
        clientKey = clientKey == null ? "" : clientKey;
        defaultPageSize = defaultPageSize <= 0 ? 100 : defaultPageSize;
        minPageSize = minPageSize <= 0 ? 100 : minPageSize;
        maxPageSize = maxPageSize <= 0 ? 1000 : maxPageSize;
        type = type == 0 ? TYPE_MAP : type;
        clientsPresenceChannelPrefix = clientsPresenceChannelPrefix == null ? "" : clientsPresenceChannelPrefix;
    }

    /** The page size for a client's {@code limit}: its default when absent, kept within the bounds. */
    public int pageSize(int limit) {
        int n = limit <= 0 ? defaultPageSize : limit;
        return Math.min(Math.max(n, minPageSize), maxPageSize);
    }
}
