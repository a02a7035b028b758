package io.switchboard.server.api.internal;

import java.util.List;
import java.util.Map;

/**
 * One server API request as parsed from its encoding, with nothing validated yet. Text fields are never null
 * (absent is empty); raw payloads ({@code byte[]}) are null when absent.
 */
public sealed interface ApiRequest {
    record Publish(String channel, byte[] data, String b64data, Map<String, String> tags, boolean skipHistory,
                   boolean delta) implements ApiRequest {
    }

    record Broadcast(List<String> channels, byte[] data, String b64data, Map<String, String> tags,
                     boolean skipHistory, boolean delta) implements ApiRequest {
    }

    record Subscribe(String user, String channel, String client, byte[] info, String b64info, byte[] data,
                     String b64data) implements ApiRequest {
    }

    record Unsubscribe(String user, String channel, String client) implements ApiRequest {
    }

    /** Sets one entry of a map channel (Centrifugo's map subscriptions). */
    record MapPublish(String channel, String key, byte[] data, String b64data, Map<String, String> tags)
            implements ApiRequest {
    }

    record MapRemove(String channel, String key) implements ApiRequest {
    }

    /** One page of a map channel's state from {@code cursor} (an entry index; "" the first), or one key's entry. */
    record MapReadState(String channel, String cursor, int limit, String key) implements ApiRequest {
    }

    /** The stream after {@code sinceOffset}, or newest first below it ({@code reverse}); {@code limit} 0: all. */
    record MapReadStream(String channel, long sinceOffset, int limit, boolean reverse) implements ApiRequest {
    }

    record MapStats(String channel) implements ApiRequest {
    }

    record MapClear(String channel) implements ApiRequest {
    }

    /** {@code code} 0 means the default (force disconnect, no reconnect). */
    record Disconnect(String user, String client, List<String> whitelist, long code, String reason)
            implements ApiRequest {
    }

    record Refresh(String user, String client, boolean expired, long expireAt) implements ApiRequest {
    }

    record Presence(String channel) implements ApiRequest {
    }

    record PresenceStats(String channel) implements ApiRequest {
    }

    /** {@code since} is null when the request has none. */
    record History(String channel, int limit, Since since, boolean reverse) implements ApiRequest {
    }

    record Since(long offset, String epoch) {
    }

    record HistoryRemove(String channel) implements ApiRequest {
    }

    record Channels(String pattern) implements ApiRequest {
    }

    record Info() implements ApiRequest {
    }

    record Batch(List<ApiRequest> commands, boolean parallel) implements ApiRequest {
    }

    /** A batch entry that names no method a batch can run (none, an unknown one, or a nested batch). */
    record NoMethod() implements ApiRequest {
    }

    /** A batch entry that is no command at all (a JSON {@code null}). */
    record NotACommand() implements ApiRequest {
    }
}
