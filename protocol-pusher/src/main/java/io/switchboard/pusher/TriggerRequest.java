package io.switchboard.pusher;

import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One event the HTTP API publishes ({@code events}, {@code event}, or one entry of a batch), checked against the
 * app's limits: the name, the data's size (413), the channels' number and names, the socket it excludes.
 */
record TriggerRequest(String name, String data, List<String> channels, String socketId, InfoAttributes info) {
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_\\-=@,.;]+");
    private static final Pattern SOCKET_ID = Pattern.compile("\\d+\\.\\d+");

    /** Reads one event object; throws an {@link ApiRefusal} for what the app does not accept. */
    static TriggerRequest parse(Object json, PusherApp app) {
        if (!(json instanceof JsonObject event)) throw ApiRefusal.badRequest("an event must be a JSON object");
        String name = string(event, "name");
        if (name == null || name.isEmpty()) throw ApiRefusal.badRequest("name is required");
        if (name.length() > PusherApp.MAX_EVENT_NAME_LENGTH) {
            throw ApiRefusal.badRequest("name is longer than " + PusherApp.MAX_EVENT_NAME_LENGTH + " characters");
        }
        if (!has(event, "data")) throw ApiRefusal.badRequest("data is required");
        Object rawData = member(event, "data");
        // pusher-http-node sends JSON.stringify of non-string data; a raw JSON value means the same text
        String data = rawData instanceof String s ? s : CompactJson.write(rawData);
        if (data.getBytes(StandardCharsets.UTF_8).length > app.maxEventPayloadBytes()) {
            throw new ApiRefusal(413, "data is larger than " + app.maxEventPayloadKb() + " KB");
        }
        List<String> channels = channels(event, app);
        Object socket = member(event, "socket_id");
        String socketId = null;
        if (socket != null) {
            if (!(socket instanceof String s) || !SOCKET_ID.matcher(s).matches()) {
                throw ApiRefusal.badRequest("socket_id must look like 123.456");
            }
            socketId = s;
        }
        Object info = member(event, "info");
        if (info != null && !(info instanceof String)) throw ApiRefusal.badRequest("info must be a string");
        return new TriggerRequest(name, data, channels, socketId, InfoAttributes.parse((String) info));
    }

    private static List<String> channels(JsonObject event, PusherApp app) {
        List<Object> given = new ArrayList<>();
        Object many = member(event, "channels");
        Object one = member(event, "channel");
        if (many instanceof List<?> list) given.addAll(list);
        else if (many != null) throw ApiRefusal.badRequest("channels must be an array of channel names");
        if (one != null) given.add(one);
        if (given.isEmpty()) throw ApiRefusal.badRequest("channels (or channel) is required");
        if (given.size() > PusherApp.MAX_CHANNELS_PER_TRIGGER) {
            throw ApiRefusal.badRequest("an event may go to at most " + PusherApp.MAX_CHANNELS_PER_TRIGGER + " channels");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object c : given) {
            if (!(c instanceof String s) || !validChannel(s, app)) {
                throw ApiRefusal.badRequest("invalid channel name " + CompactJson.write(c));
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A channel name Pusher accepts: its characters ({@code #server-to-user-} the only {@code #}) and the app's length. */
    static boolean validChannel(String name, PusherApp app) {
        if (name.isEmpty() || name.length() > app.maxChannelNameLength()) return false;
        String rest = name.startsWith(ChannelType.USER_PREFIX) ? name.substring(ChannelType.USER_PREFIX.length()) : name;
        return CHANNEL.matcher(rest).matches();
    }

    /** A member's value (the last one when repeated, as JSON.parse reads it), null when absent. */
    static Object member(JsonObject object, String name) {
        Object value = null;
        for (Map.Entry<String, Object> m : object.members()) if (m.getKey().equals(name)) value = m.getValue();
        return value;
    }

    static boolean has(JsonObject object, String name) {
        for (Map.Entry<String, Object> m : object.members()) if (m.getKey().equals(name)) return true;
        return false;
    }

    private static String string(JsonObject object, String name) {
        Object v = member(object, name);
        if (v != null && !(v instanceof String)) throw ApiRefusal.badRequest(name + " must be a string");
        return (String) v;
    }
}
