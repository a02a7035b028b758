package io.switchboard.pusher.internal.codec;

import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonStrings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames the server sends, in one dialect. Protocol events carry their data as a JSON-encoded string (the
 * protocol's "double encoding"), except {@code pusher:error} and {@code pusher:pong}, whose data pusher-js and
 * Soketi write as an object; Broadcastt gets a string everywhere.
 */
public final class ServerFrames {
    private final Dialect dialect;

    public ServerFrames(Dialect dialect) {
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A frame; {@code data} is JSON text, written as a string ({@code asString}) or as it is; null: no data. */
    public static String frame(String event, String channel, String data, boolean asString, String userId) {
        StringBuilder out = new StringBuilder(48 + (data == null ? 0 : data.length() + data.length() / 8));
        out.append("{\"event\":");
        JsonStrings.quote(event, out);
        if (channel != null) {
            out.append(",\"channel\":");
            JsonStrings.quote(channel, out);
        }
        if (data != null) {
            out.append(",\"data\":");
            if (asString) JsonStrings.quote(data, out);
            else out.append(data);
        }
        if (userId != null) {
            out.append(",\"user_id\":");
            JsonStrings.quote(userId, out);
        }
        return out.append('}').toString();
    }

    /** A channel event: data is the event's data string as it is. */
    public static String channelEvent(String event, String channel, String data, String userId) {
        return frame(event, channel, data, true, userId);
    }

    public String connectionEstablished(String socketId, long activityTimeoutSeconds) {
        return frame(dialect.event("connection_established"), null,
                "{\"socket_id\":" + quote(socketId) + ",\"activity_timeout\":" + activityTimeoutSeconds + "}", true, null);
    }

    /** {@code pusher:error}; a null code is written as null (an error that names no close code). */
    public String error(Integer code, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("message", message);
        return frame(dialect.event("error"), null, CompactJson.write(data), dialect.stringData(), null);
    }

    public String ping() {
        return frame(dialect.event("ping"), null, "{}", dialect.stringData(), null);
    }

    public String pong() {
        return frame(dialect.event("pong"), null, "{}", dialect.stringData(), null);
    }

    /** Public and private channels: no data for Pusher (as Soketi), {@code "{}"} for Broadcastt. */
    public String subscriptionSucceeded(String channel) {
        return frame(dialect.internal("subscription_succeeded"), channel, dialect.stringData() ? "{}" : null, true, null);
    }

    /** Presence: the members as {@code {"presence":{"ids","hash","count"}}}, user info as JSON text. */
    public String presenceSucceeded(String channel, Map<String, String> members) {
        StringBuilder d = new StringBuilder("{\"presence\":{\"ids\":[");
        boolean first = true;
        for (String id : members.keySet()) {
            if (!first) d.append(',');
            first = false;
            JsonStrings.quote(id, d);
        }
        d.append("],\"hash\":{");
        first = true;
        for (Map.Entry<String, String> e : members.entrySet()) {
            if (!first) d.append(',');
            first = false;
            JsonStrings.quote(e.getKey(), d);
            d.append(':').append(e.getValue() == null ? "null" : e.getValue());
        }
        d.append("},\"count\":").append(members.size()).append("}}");
        return frame(dialect.internal("subscription_succeeded"), channel, d.toString(), true, null);
    }

    /** Soketi's shape: {@code {"type","error","status"}}, routed by pusher-js to the channel. */
    public String subscriptionError(String channel, String type, String error, int status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("error", error);
        data.put("status", status);
        return frame(dialect.event("subscription_error"), channel, CompactJson.write(data), dialect.stringData(), null);
    }

    public String memberAdded(String channel, String userId, String userInfo) {
        return frame(dialect.internal("member_added"), channel,
                "{\"user_id\":" + quote(userId) + ",\"user_info\":" + (userInfo == null ? "null" : userInfo) + "}", true, null);
    }

    public String memberRemoved(String channel, String userId) {
        return frame(dialect.internal("member_removed"), channel, "{\"user_id\":" + quote(userId) + "}", true, null);
    }

    public String cacheMiss(String channel) {
        return frame(dialect.event("cache_miss"), channel, dialect.stringData() ? "{}" : null, true, null);
    }

    public String subscriptionCount(String channel, int count) {
        return frame(dialect.internal("subscription_count"), channel, "{\"subscription_count\":" + count + "}", true, null);
    }

    public String signinSuccess(String userData) {
        return frame(dialect.event("signin_success"), null, "{\"user_data\":" + quote(userData) + "}", true, null);
    }

    public String watchlistEvent(String name, List<String> userIds) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("name", name);
        event.put("user_ids", userIds);
        return frame(dialect.internal("watchlist_events"), null, CompactJson.write(Map.of("events", List.of(event))), true, null);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        JsonStrings.quote(s, out);
        return out.toString();
    }
}
