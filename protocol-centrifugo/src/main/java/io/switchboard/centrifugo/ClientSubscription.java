package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.filter.TagsFilter;
import io.switchboard.core.ChannelOptions;
import io.switchboard.protocol.StreamCursor;

/**
 * One channel subscription of one connection: its options and token data, and where it stands in the stream
 * (the shared {@link StreamCursor}: publications held while subscribing, duplicates and gaps by offset after).
 * Touched only by the connection's event loop.
 */
final class ClientSubscription {
    final String channel;
    final ChannelOptions options;
    final byte[] chanInfo;
    final boolean serverSide;
    final StreamCursor cursor;
    boolean pushJoinLeave;
    long expireAt;
    /** Fossil delta negotiated; {@code deltaBase}: the client holds the data of the cursor's publication. */
    boolean delta;
    boolean deltaBase;
    /** Only publications whose tags match reach the client; null (the common case) delivers every one. */
    TagsFilter tagsFilter;
    /** A map subscription's state pages while it is being paged; its subscribe data for the live answer. */
    MapSubscriptions.Pages mapPages;
    byte[] mapData;
    /** A map subscription's delta: each change patches its key's previous value, which the client holds. */
    boolean mapDelta;
    /** The clients-presence map channel this subscription has its entry in, or null. */
    String mapPresence;
    /** A shared poll subscription's tracked keys; null for every other type. */
    SharedPollSubscriptions.Tracking poll;

    ClientSubscription(String channel, ChannelOptions options, byte[] chanInfo, boolean serverSide, boolean positioned) {
        this.channel = channel;
        this.options = options;
        this.chanInfo = chanInfo;
        this.serverSide = serverSide;
        this.cursor = new StreamCursor(positioned);
    }
}
