package io.switchboard.socketio;

import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.socketio.internal.codec.JsonText;
import io.switchboard.socketio.internal.codec.JsonValues;
import io.switchboard.socketio.internal.codec.PacketEncoder;
import io.switchboard.socketio.internal.codec.SocketIoPacket;
import io.switchboard.socketio.engine.internal.SharedText;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Core publications as Socket.IO events, and Socket.IO emits as core publications. A publication is encoded
 * once per namespace and form for every socket that receives it.
 *
 * <p>The event is the publication's {@code event} tag ({@code message} when it has none). Its arguments are the
 * publication's data (one JSON value; data that is not JSON arrives as one binary argument), or the elements of
 * the data when the {@code socketio.args} tag is {@code spread} (an emit with several arguments). Sockets that
 * joined with Laravel Echo's {@code subscribe} get the channel first, as laravel-echo-server sends it. Binary
 * arguments of an emit travel base64-encoded in {@code socketio.attachment.N} tags, their places in the data
 * marked with Socket.IO placeholders.
 */
final class PublicationFrames {
    static final String EVENT_TAG = "event";
    static final String ARGS_TAG = "socketio.args";
    static final String ATTACHMENTS_TAG = "socketio.attachments";
    static final String ATTACHMENT_TAG = "socketio.attachment.";
    private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");
    private static final int SLOT = PreparedPublication.newCodecSlot();

    /** One encoded event: its packet text and the attachments that follow it. */
    record Frame(SharedText text, List<byte[]> attachments) {
        /** The same event with a connection-state-recovery offset as its last argument. */
        Frame withOffset(String offset) {
            String t = text.text();
            StringBuilder out = new StringBuilder(t.length() + offset.length() + 3).append(t, 0, t.length() - 1).append(',');
            JsonValues.write(offset, out, null);
            return new Frame(new SharedText(out.append(']').toString()), attachments);
        }
    }

    private PublicationFrames() {
    }

    /** The cache key of a namespace's frames in one form; callers keep it rather than build it per delivery. */
    static String cacheKey(String nsp, boolean withChannel) {
        return withChannel ? "c" + nsp : nsp;
    }

    static Frame frame(PreparedPublication p, String nsp, boolean withChannel, String key) {
        Map<String, Frame> cache = p.encoded(SLOT, x -> new ConcurrentHashMap<>(4));
        Frame f = cache.get(key);
        if (f == null) {
            f = build(p.channel(), p.publication(), nsp, withChannel);
            cache.putIfAbsent(key, f);
        }
        return f;
    }

    static Frame build(String channel, Publication pub, String nsp, boolean withChannel) {
        Map<String, String> tags = pub.tags();
        String event = tags.getOrDefault(EVENT_TAG, "");
        if (event.isEmpty() || RESERVED.contains(event)) event = "message"; // clients refuse reserved names
        List<byte[]> attachments = attachments(tags);
        String json = JsonText.compact(pub.data());
        String args;
        if (json == null) {
            args = "{\"_placeholder\":true,\"num\":" + attachments.size() + "}";
            attachments.add(pub.data());
        } else if ("spread".equals(tags.get(ARGS_TAG)) && json.startsWith("[")) {
            args = json.substring(1, json.length() - 1);
        } else {
            args = json;
        }
        StringBuilder out = new StringBuilder(args.length() + event.length() + 32);
        out.append(PacketEncoder.header(SocketIoPacket.EVENT, nsp, -1, attachments.size())).append('[');
        JsonValues.write(event, out, null);
        if (withChannel) {
            out.append(',');
            JsonValues.write(channel, out, null);
        }
        if (!args.isEmpty()) out.append(',').append(args);
        return new Frame(new SharedText(out.append(']').toString()), attachments);
    }

    private static List<byte[]> attachments(Map<String, String> tags) {
        String count = tags.get(ATTACHMENTS_TAG);
        List<byte[]> out = new ArrayList<>(0);
        if (count == null) return out;
        try {
            int n = Integer.parseInt(count);
            for (int i = 0; i < n; i++) out.add(Base64.getDecoder().decode(tags.getOrDefault(ATTACHMENT_TAG + i, "")));
        } catch (IllegalArgumentException e) {
            out.clear(); // tags someone else set: the placeholders stay as plain objects
        }
        return out;
    }

    /** An emit's arguments as publication data and tags (event name, spread marker, attachments). */
    record Emit(byte[] data, Map<String, String> tags) {
    }

    static Emit emit(String event, List<?> args) {
        List<byte[]> attachments = new ArrayList<>(0);
        Map<String, String> tags = new HashMap<>();
        tags.put(EVENT_TAG, event);
        String json;
        if (args.size() == 1) {
            json = JsonValues.write(args.get(0), attachments);
        } else {
            json = JsonValues.write(args, attachments);
            tags.put(ARGS_TAG, "spread");
        }
        if (!attachments.isEmpty()) {
            tags.put(ATTACHMENTS_TAG, Integer.toString(attachments.size()));
            for (int i = 0; i < attachments.size(); i++) {
                tags.put(ATTACHMENT_TAG + i, Base64.getEncoder().encodeToString(attachments.get(i)));
            }
        }
        return new Emit(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), tags);
    }
}
