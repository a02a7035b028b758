package io.switchboard.pusher;

import java.util.List;
import java.util.Map;

/**
 * One webhook target of an app, in Soketi's terms: where to POST, which events (empty: all), which channels
 * (by name prefix and suffix, empty: all) and extra headers.
 */
public record Webhook(String url, List<String> eventTypes, String channelNameStartsWith, String channelNameEndsWith,
                      Map<String, String> headers) {
    public Webhook {
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
        channelNameStartsWith = channelNameStartsWith == null ? "" : channelNameStartsWith;
        channelNameEndsWith = channelNameEndsWith == null ? "" : channelNameEndsWith;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Whether this target wants an event of this name about this channel (null: not about a channel). */
    public boolean wants(String eventName, String channel) {
        if (!eventTypes.isEmpty() && !eventTypes.contains(eventName)) return false;
        if (channel == null) return channelNameStartsWith.isEmpty() && channelNameEndsWith.isEmpty();
        return channel.startsWith(channelNameStartsWith) && channel.endsWith(channelNameEndsWith);
    }
}
