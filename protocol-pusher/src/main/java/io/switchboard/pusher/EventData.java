package io.switchboard.pusher;

import io.switchboard.json.JsonStrings;
import io.switchboard.json.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Pusher events ⇄ core publications, so that one channel reads the same on every protocol. A Pusher event's data
 * is a string: when it holds JSON, the publication carries that JSON; otherwise the publication carries it as a
 * JSON string. Back the other way, a publication whose data is a JSON string reaches Pusher as that string, and any
 * other JSON as its text. The event name travels in the {@code event} tag (Socket.IO's event, Centrifugo's
 * {@code tags.event}); a publication without one is Pusher's {@code message}.
 */
public final class EventData {
    public static final String EVENT_TAG = "event";
    public static final String DEFAULT_EVENT = "message";

    private EventData() {
    }

    /** The publication data of a Pusher event's data string. */
    public static byte[] toCore(String data) {
        if (data == null) return "null".getBytes(StandardCharsets.UTF_8);
        if (isJson(data)) return data.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(data.length() + 2);
        JsonStrings.quote(data, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The Pusher data string of a publication's data. */
    public static String toPusher(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '"') {
            try {
                if (JsonTree.parse(text) instanceof String s) return s;
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    /** Broadcastt clients JSON-parse every data string: the publication's JSON as it is, anything else quoted. */
    public static String toBroadcastt(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (isJson(text)) return text;
        StringBuilder out = new StringBuilder(text.length() + 2);
        JsonStrings.quote(text, out);
        return out.toString();
    }

    public static String eventName(Map<String, String> tags) {
        String e = tags.get(EVENT_TAG);
        return e == null || e.isEmpty() ? DEFAULT_EVENT : e;
    }

    /** The tags of a publication of a Pusher event. */
    public static Map<String, String> tags(String event) {
        return Map.of(EVENT_TAG, event);
    }

    static boolean isJson(String text) {
        if (text.isEmpty()) return false;
        char c = text.charAt(0);
        // only what can start a JSON value: plain words stay strings without the cost of a failed parse
        if (c != '{' && c != '[' && c != '"' && c != '-' && c != 't' && c != 'f' && c != 'n' && (c < '0' || c > '9')) {
            return false;
        }
        try {
            JsonTree.parse(text);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
