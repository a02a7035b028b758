package io.switchboard.pusher.webhook;

import io.switchboard.json.CompactJson;
import io.switchboard.json.RawValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pusher's webhook body {@code {"time_ms":…,"events":[…]}}. Each event is written on its own, so one event holding a
 * value JSON cannot express is left out (and counted) instead of costing its whole batch.
 */
record WebhookBody(byte[] utf8, int events, List<String> refused) {
    static WebhookBody of(long timeMs, List<WebhookEvent> events) {
        List<RawValue> written = new ArrayList<>(events.size());
        List<String> refused = new ArrayList<>(0);
        for (WebhookEvent event : events) {
            try {
                String json = CompactJson.write(event.toMap());
                written.add(() -> json);
            } catch (RuntimeException e) {
                refused.add(event.name() + ": " + e.getMessage());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time_ms", timeMs);
        body.put("events", written);
        return new WebhookBody(CompactJson.write(body).getBytes(StandardCharsets.UTF_8), written.size(), refused);
    }
}
