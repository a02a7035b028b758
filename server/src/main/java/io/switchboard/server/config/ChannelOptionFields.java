package io.switchboard.server.config;

import io.switchboard.core.ChannelOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The config keys of one namespace, each tied to its {@link ChannelOptions} component. */
final class ChannelOptionFields {

    record Field(String key, ValueType type, Function<ChannelOptions, Object> get,
                 BiConsumer<ChannelOptions.Builder, Object> set) {
    }

    static final List<Field> ALL = List.of(
            bool("presence", ChannelOptions::presence, ChannelOptions.Builder::presence),
            bool("join_leave", ChannelOptions::joinLeave, ChannelOptions.Builder::joinLeave),
            bool("force_push_join_leave", ChannelOptions::forcePushJoinLeave,
                    ChannelOptions.Builder::forcePushJoinLeave),
            new Field("history_size", ValueType.INTEGER, ChannelOptions::historySize,
                    (b, v) -> b.historySize((Integer) v)),
            duration("history_ttl", ChannelOptions::historyTtl, ChannelOptions.Builder::historyTtl),
            duration("history_meta_ttl", ChannelOptions::historyMetaTtl, ChannelOptions.Builder::historyMetaTtl),
            bool("force_positioning", ChannelOptions::forcePositioning, ChannelOptions.Builder::forcePositioning),
            bool("allow_positioning", ChannelOptions::allowPositioning, ChannelOptions.Builder::allowPositioning),
            bool("force_recovery", ChannelOptions::forceRecovery, ChannelOptions.Builder::forceRecovery),
            bool("allow_recovery", ChannelOptions::allowRecovery, ChannelOptions.Builder::allowRecovery),
            bool("allow_subscribe_for_client", ChannelOptions::allowSubscribeForClient,
                    ChannelOptions.Builder::allowSubscribeForClient),
            bool("allow_subscribe_for_anonymous", ChannelOptions::allowSubscribeForAnonymous,
                    ChannelOptions.Builder::allowSubscribeForAnonymous),
            bool("allow_publish_for_client", ChannelOptions::allowPublishForClient,
                    ChannelOptions.Builder::allowPublishForClient),
            bool("allow_publish_for_subscriber", ChannelOptions::allowPublishForSubscriber,
                    ChannelOptions.Builder::allowPublishForSubscriber),
            bool("allow_publish_for_anonymous", ChannelOptions::allowPublishForAnonymous,
                    ChannelOptions.Builder::allowPublishForAnonymous),
            bool("allow_presence_for_client", ChannelOptions::allowPresenceForClient,
                    ChannelOptions.Builder::allowPresenceForClient),
            bool("allow_presence_for_subscriber", ChannelOptions::allowPresenceForSubscriber,
                    ChannelOptions.Builder::allowPresenceForSubscriber),
            bool("allow_presence_for_anonymous", ChannelOptions::allowPresenceForAnonymous,
                    ChannelOptions.Builder::allowPresenceForAnonymous),
            bool("allow_history_for_client", ChannelOptions::allowHistoryForClient,
                    ChannelOptions.Builder::allowHistoryForClient),
            bool("allow_history_for_subscriber", ChannelOptions::allowHistoryForSubscriber,
                    ChannelOptions.Builder::allowHistoryForSubscriber),
            bool("allow_history_for_anonymous", ChannelOptions::allowHistoryForAnonymous,
                    ChannelOptions.Builder::allowHistoryForAnonymous),
            bool("allow_user_limited_channels", ChannelOptions::allowUserLimitedChannels,
                    ChannelOptions.Builder::allowUserLimitedChannels),
            bool("delta_publish", ChannelOptions::deltaPublish, ChannelOptions.Builder::deltaPublish),
            new Field("allowed_delta_types", ValueType.STRING_LIST, ChannelOptions::allowedDeltaTypes,
                    (b, v) -> b.allowedDeltaTypes(castStrings(v))),
            bool("allow_tags_filter", ChannelOptions::allowTagsFilter, ChannelOptions.Builder::allowTagsFilter),
            duration("client_publish_debounce_interval", ChannelOptions::clientPublishDebounceInterval,
                    ChannelOptions.Builder::clientPublishDebounceInterval));

    static final Map<String, Field> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Field::key, Function.identity()));

    private ChannelOptionFields() {
    }

    private static Field bool(String key, Function<ChannelOptions, Boolean> get,
                              BiConsumer<ChannelOptions.Builder, Boolean> set) {
        return new Field(key, ValueType.BOOLEAN, get::apply, (b, v) -> set.accept(b, (Boolean) v));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castStrings(Object v) {
        return (List<String>) v;
    }

    private static Field duration(String key, Function<ChannelOptions, Duration> get,
                                  BiConsumer<ChannelOptions.Builder, Duration> set) {
        return new Field(key, ValueType.DURATION, get::apply, (b, v) -> set.accept(b, (Duration) v));
    }
}
