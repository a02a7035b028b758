package io.switchboard.pusher.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook event as Pusher writes it in the {@code events} list: {@code name}, {@code channel} and the
 * event's own fields ({@code user_id}, {@code event}, {@code data}, {@code socket_id}, {@code subscription_count}).
 */
public record WebhookEvent(String name, String channel, Map<String, Object> fields) {
    public WebhookEvent {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static WebhookEvent of(String name, String channel) {
        return new WebhookEvent(name, channel, Map.of());
    }

    /** The JSON object's members in Pusher's order: name, channel, then the rest. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (channel != null) m.put("channel", channel);
        m.putAll(fields);
        return m;
    }
}
