package io.switchboard.pusher.internal.codec;

import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backend signs for a client: a presence subscription's {@code channel_data} and a sign-in's
 * {@code user_data}. Pure: a malformed one reads as null.
 */
public final class SignedData {
    public static final int MAX_USER_ID_LENGTH = 128;

    private SignedData() {
    }

    /** A presence member: its user id and user_info as compact JSON (null when absent). */
    public record Member(String userId, byte[] userInfo) {
    }

    /** A signed-in user: its id and the ids it watches, deduplicated, in order. */
    public record User(String id, List<String> watchlist) {
    }

    /** {@code {"user_id": string or integer, "user_info"?: any}}, or null. */
    public static Member channelData(String json) {
        JsonObject o = object(json);
        Object id = ClientFrame.member(o, "user_id");
        String userId = id instanceof String s ? s : id instanceof JsonNumber n && n.integral() ? n.text() : null;
        if (!validId(userId)) return null;
        Object info = ClientFrame.member(o, "user_info");
        return new Member(userId, info == null ? null : CompactJson.write(info).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"id": string, "watchlist"?: [string...]}}, or null. */
    public static User userData(String json) {
        JsonObject o = object(json);
        if (!(ClientFrame.member(o, "id") instanceof String id) || !validId(id)) return null;
        List<String> watched = new ArrayList<>();
        if (ClientFrame.member(o, "watchlist") instanceof List<?> list) {
            for (Object w : list) if (w instanceof String s && !watched.contains(s)) watched.add(s);
        }
        return new User(id, watched);
    }

    private static boolean validId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_USER_ID_LENGTH;
    }

    private static JsonObject object(String json) {
        if (json == null) return null;
        try {
            return JsonTree.parse(json) instanceof JsonObject o ? o : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
