package io.switchboard.socketcluster.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonParsers;
import io.switchboard.json.JsonTree;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Client frames in the order SocketCluster reads them: the pong first ({@code ''} in protocol 2, {@code #2} in 1),
 * then JSON: one packet, or an array of packets (a batch). A frame that is not JSON is a raw message, as
 * sc-formatter's decode hands it on. Never throws.
 *
 * <p>A batch is checked whole first (a frame that is not JSON to its end is raw, as JSON.parse would refuse it), then
 * its packets are read one by one and handed to the sink, so a batch of 100,000 packets never becomes one tree.
 */
public final class FrameDecoder {
    /** What a frame was. */
    public enum Kind { PONG, PACKETS, RAW }

    private FrameDecoder() {
    }

    public static Kind decode(byte[] frame, int protocolVersion, Consumer<Packet> sink) {
        if (isPong(frame, protocolVersion)) return Kind.PONG;
        try {
            if (!wellFormed(frame)) return Kind.RAW;
            try (JsonParser p = JsonParsers.over(frame)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    sink.accept(packet(JsonTree.parse(frame)));
                    return Kind.PACKETS;
                }
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    sink.accept(packet(JsonTree.parse(Arrays.copyOfRange(frame, start, end))));
                }
                return Kind.PACKETS;
            }
        } catch (IOException | RuntimeException e) {
            return Kind.RAW; // only a frame the check passed and the reader refused: cannot happen on valid JSON
        }
    }

    public static boolean isPong(byte[] frame, int protocolVersion) {
        return protocolVersion == 1 ? frame.length == 2 && frame[0] == '#' && frame[1] == '2' : frame.length == 0;
    }

    /** Whether the bytes are one JSON value and nothing after it, within the parser's limits. */
    public static boolean isJson(byte[] bytes) {
        return bytes.length > 0 && wellFormed(bytes);
    }

    private static boolean wellFormed(byte[] frame) {
        try (JsonParser p = JsonParsers.over(frame)) {
            JsonToken first = p.nextToken();
            if (first == null) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What one decoded value is: an event (string {@code event}), a response (a {@code rid}), or raw. */
    static Packet packet(Object value) {
        if (!(value instanceof JsonObject o)) return new Packet.Raw(value);
        Object event = member(o, "event");
        if (event instanceof String name) {
            return new Packet.Event(name, member(o, "data"), member(o, "cid") instanceof JsonNumber n ? n : null);
        }
        if (has(o, "rid")) {
            Object rid = member(o, "rid");
            return new Packet.Response(rid instanceof JsonNumber n ? n : null, member(o, "data"), member(o, "error"));
        }
        return new Packet.Raw(value);
    }

    /** A member's value (the last of duplicates, as JSON.parse keeps it); null when absent. */
    public static Object member(JsonObject o, String name) {
        Object found = null;
        for (Map.Entry<String, Object> e : o.members()) if (e.getKey().equals(name)) found = e.getValue();
        return found;
    }

    public static boolean has(JsonObject o, String name) {
        for (Map.Entry<String, Object> e : o.members()) if (e.getKey().equals(name)) return true;
        return false;
    }
}
