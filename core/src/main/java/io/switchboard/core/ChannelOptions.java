package io.switchboard.core;

import java.time.Duration;
import java.util.List;

/**
 * Options of one namespace (or of channels without a namespace), named after Centrifugo's keys.
 * A channel keeps history only when both {@code historySize} and {@code historyTtl} are positive.
 */
public record ChannelOptions(
        boolean presence,
        boolean joinLeave,
        boolean forcePushJoinLeave,
        int historySize,
        Duration historyTtl,
        Duration historyMetaTtl,
        boolean forcePositioning,
        boolean allowPositioning,
        boolean forceRecovery,
        boolean allowRecovery,
        boolean allowSubscribeForClient,
        boolean allowSubscribeForAnonymous,
        boolean allowPublishForClient,
        boolean allowPublishForSubscriber,
        boolean allowPublishForAnonymous,
        boolean allowPresenceForClient,
        boolean allowPresenceForSubscriber,
        boolean allowPresenceForAnonymous,
        boolean allowHistoryForClient,
        boolean allowHistoryForSubscriber,
        boolean allowHistoryForAnonymous,
        boolean allowUserLimitedChannels,
        boolean deltaPublish,
        List<String> allowedDeltaTypes,
        boolean allowTagsFilter,
        Duration clientPublishDebounceInterval,
        MapOptions map) {

    /** Nothing allowed to clients, no presence, no history: Centrifugo's defaults. */
    public static final ChannelOptions DEFAULTS = builder().build();

    public ChannelOptions {
        historyTtl = historyTtl == null ? Duration.ZERO : historyTtl;
        historyMetaTtl = historyMetaTtl == null ? Duration.ofDays(30) : historyMetaTtl;
        if (historySize < 0) throw new IllegalArgumentException("history_size must be >= 0");
        allowedDeltaTypes = allowedDeltaTypes == null ? List.of() : List.copyOf(allowedDeltaTypes);
        clientPublishDebounceInterval = clientPublishDebounceInterval == null ? Duration.ZERO
                : clientPublishDebounceInterval;
    }

    /** Whether subscribers may negotiate Fossil delta compression of publications. */
    public boolean fossilDeltaAllowed() {
        return allowedDeltaTypes.contains("fossil");
    }

    /** Whether the channels are map channels (Centrifugo's {@code subscription_type: map}). */
    public boolean isMap() {
        return map != null;
    }

    public boolean historyEnabled() {
        return historySize > 0 && historyTtl.toMillis() > 0;
    }

    /** Every option open: what {@code serve --dev} uses. */
    public static ChannelOptions openForDevelopment() {
        return builder().presence(true).joinLeave(true).forcePushJoinLeave(true)
                .historySize(100).historyTtl(Duration.ofMinutes(5)).forceRecovery(true).forcePositioning(true)
                .allowSubscribeForClient(true).allowSubscribeForAnonymous(true)
                .allowPublishForClient(true).allowPublishForSubscriber(true).allowPublishForAnonymous(true)
                .allowPresenceForClient(true).allowPresenceForSubscriber(true).allowPresenceForAnonymous(true)
                .allowHistoryForClient(true).allowHistoryForSubscriber(true).allowHistoryForAnonymous(true)
                .allowUserLimitedChannels(true).allowedDeltaTypes(List.of("fossil")).allowTagsFilter(true).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.presence = presence; b.joinLeave = joinLeave; b.forcePushJoinLeave = forcePushJoinLeave;
        b.historySize = historySize; b.historyTtl = historyTtl; b.historyMetaTtl = historyMetaTtl;
        b.forcePositioning = forcePositioning; b.allowPositioning = allowPositioning;
        b.forceRecovery = forceRecovery; b.allowRecovery = allowRecovery;
        b.allowSubscribeForClient = allowSubscribeForClient; b.allowSubscribeForAnonymous = allowSubscribeForAnonymous;
        b.allowPublishForClient = allowPublishForClient; b.allowPublishForSubscriber = allowPublishForSubscriber;
        b.allowPublishForAnonymous = allowPublishForAnonymous;
        b.allowPresenceForClient = allowPresenceForClient; b.allowPresenceForSubscriber = allowPresenceForSubscriber;
        b.allowPresenceForAnonymous = allowPresenceForAnonymous;
        b.allowHistoryForClient = allowHistoryForClient; b.allowHistoryForSubscriber = allowHistoryForSubscriber;
        b.allowHistoryForAnonymous = allowHistoryForAnonymous;
        b.allowUserLimitedChannels = allowUserLimitedChannels;
        b.deltaPublish = deltaPublish;
        b.allowedDeltaTypes = allowedDeltaTypes;
        b.allowTagsFilter = allowTagsFilter;
        b.clientPublishDebounceInterval = clientPublishDebounceInterval;
        b.map = map;
        return b;
    }

    /** Mutable only while building; {@link #build()} yields the immutable record. */
    public static final class Builder {
        private boolean presence, joinLeave, forcePushJoinLeave;
        private int historySize;
        private Duration historyTtl = Duration.ZERO, historyMetaTtl = Duration.ofDays(30);
        private boolean forcePositioning, allowPositioning, forceRecovery, allowRecovery;
        private boolean allowSubscribeForClient, allowSubscribeForAnonymous;
        private boolean allowPublishForClient, allowPublishForSubscriber, allowPublishForAnonymous;
        private boolean allowPresenceForClient, allowPresenceForSubscriber, allowPresenceForAnonymous;
        private boolean allowHistoryForClient, allowHistoryForSubscriber, allowHistoryForAnonymous;
        private boolean allowUserLimitedChannels;
        private boolean deltaPublish;
        private List<String> allowedDeltaTypes = List.of();
        private boolean allowTagsFilter;
        private Duration clientPublishDebounceInterval = Duration.ZERO;
        private MapOptions map;

        public Builder presence(boolean v) { presence = v; return this; }
        public Builder joinLeave(boolean v) { joinLeave = v; return this; }
        public Builder forcePushJoinLeave(boolean v) { forcePushJoinLeave = v; return this; }
        public Builder historySize(int v) { historySize = v; return this; }
        public Builder historyTtl(Duration v) { historyTtl = v; return this; }
        public Builder historyMetaTtl(Duration v) { historyMetaTtl = v; return this; }
        public Builder forcePositioning(boolean v) { forcePositioning = v; return this; }
        public Builder allowPositioning(boolean v) { allowPositioning = v; return this; }
        public Builder forceRecovery(boolean v) { forceRecovery = v; return this; }
        public Builder allowRecovery(boolean v) { allowRecovery = v; return this; }
        public Builder allowSubscribeForClient(boolean v) { allowSubscribeForClient = v; return this; }
        public Builder allowSubscribeForAnonymous(boolean v) { allowSubscribeForAnonymous = v; return this; }
        public Builder allowPublishForClient(boolean v) { allowPublishForClient = v; return this; }
        public Builder allowPublishForSubscriber(boolean v) { allowPublishForSubscriber = v; return this; }
        public Builder allowPublishForAnonymous(boolean v) { allowPublishForAnonymous = v; return this; }
        public Builder allowPresenceForClient(boolean v) { allowPresenceForClient = v; return this; }
        public Builder allowPresenceForSubscriber(boolean v) { allowPresenceForSubscriber = v; return this; }
        public Builder allowPresenceForAnonymous(boolean v) { allowPresenceForAnonymous = v; return this; }
        public Builder allowHistoryForClient(boolean v) { allowHistoryForClient = v; return this; }
        public Builder allowHistoryForSubscriber(boolean v) { allowHistoryForSubscriber = v; return this; }
        public Builder allowHistoryForAnonymous(boolean v) { allowHistoryForAnonymous = v; return this; }
        public Builder allowUserLimitedChannels(boolean v) { allowUserLimitedChannels = v; return this; }
        public Builder deltaPublish(boolean v) { deltaPublish = v; return this; }
        public Builder allowedDeltaTypes(List<String> v) { allowedDeltaTypes = v; return this; }
        /** Subscribers may ask for only the publications whose tags match a filter (Centrifugo's tags filter). */
        public Builder allowTagsFilter(boolean v) { allowTagsFilter = v; return this; }
        /** How long a client should gather its publications to a channel before sending the latest (a hint). */
        public Builder clientPublishDebounceInterval(Duration v) { clientPublishDebounceInterval = v; return this; }
        /** Makes the namespace's channels map channels ({@code subscription_type: map}); null: streams. */
        public Builder map(MapOptions v) { map = v; return this; }

        public ChannelOptions build() {
            return new ChannelOptions(presence, joinLeave, forcePushJoinLeave, historySize, historyTtl, historyMetaTtl,
                    forcePositioning, allowPositioning, forceRecovery, allowRecovery,
                    allowSubscribeForClient, allowSubscribeForAnonymous,
                    allowPublishForClient, allowPublishForSubscriber, allowPublishForAnonymous,
                    allowPresenceForClient, allowPresenceForSubscriber, allowPresenceForAnonymous,
                    allowHistoryForClient, allowHistoryForSubscriber, allowHistoryForAnonymous,
                    allowUserLimitedChannels, deltaPublish, allowedDeltaTypes, allowTagsFilter,
                    clientPublishDebounceInterval, map);
        }
    }
}
