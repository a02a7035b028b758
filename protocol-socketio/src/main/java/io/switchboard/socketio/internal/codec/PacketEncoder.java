package io.switchboard.socketio.internal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes Socket.IO packets: {@code <type>[<n>-][<nsp>,][<id>][<json>]}. A payload with binary values becomes a
 * BINARY_EVENT or BINARY_ACK whose attachments are sent after it as binary messages.
 */
public final class PacketEncoder {
    /** A packet's text and the binary attachments that follow it, in order. */
    public record Encoded(String text, List<byte[]> attachments) {
    }

    private PacketEncoder() {
    }

    public static Encoded encode(int type, String nsp, long id, Object data) {
        List<byte[]> attachments = new ArrayList<>(0);
        String json = data == SocketIoPacket.NO_DATA ? null : JsonValues.write(data, attachments);
        return new Encoded(header(type, nsp, id, attachments.size()) + (json == null ? "" : json), attachments);
    }

    /** An event packet: {@code [event, ...args]}. */
    public static Encoded event(String nsp, long id, String event, List<?> args) {
        List<Object> data = new ArrayList<>(args.size() + 1);
        data.add(event);
        data.addAll(args);
        return encode(SocketIoPacket.EVENT, nsp, id, data);
    }

    /** The header of a packet whose JSON the caller appends; binary types carry the attachment count. */
    public static String header(int type, String nsp, long id, int attachments) {
        StringBuilder out = new StringBuilder(16);
        int t = type;
        if (attachments > 0) {
            if (t == SocketIoPacket.EVENT) t = SocketIoPacket.BINARY_EVENT;
            if (t == SocketIoPacket.ACK) t = SocketIoPacket.BINARY_ACK;
        }
        out.append((char) ('0' + t));
        if (t == SocketIoPacket.BINARY_EVENT || t == SocketIoPacket.BINARY_ACK) out.append(attachments).append('-');
        if (!"/".equals(nsp)) out.append(nsp).append(',');
        if (id >= 0) out.append(id);
        return out.toString();
    }
}
