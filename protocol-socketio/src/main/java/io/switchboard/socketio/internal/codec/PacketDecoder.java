package io.switchboard.socketio.internal.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads Socket.IO packets from one connection's messages as the reference parser does, and holds a binary
 * packet until its attachments have arrived. Not thread-safe: one per connection, used on its event loop.
 */
public final class PacketDecoder {
    private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private final int maxAttachments;
    private SocketIoPacket partial;
    private int expected;
    private List<byte[]> received;

    public PacketDecoder(int maxAttachments) {
        this.maxAttachments = maxAttachments;
    }

    /** A whole packet, or null when it waits for binary attachments. */
    public SocketIoPacket decodeText(String text) throws DecodeException {
        if (partial != null) throw new DecodeException("got plaintext data when reconstructing a packet");
        Header h = header(text);
        if (h.attachments > 0) {
            partial = h.packet;
            expected = h.attachments;
            received = new ArrayList<>(Math.min(h.attachments, 16)); // the count is declared, not yet received
            return null;
        }
        return h.attachments == 0 ? withAttachments(h.packet, List.of()) : h.packet;
    }

    /** The packet this attachment completes, or null while more are due. */
    public SocketIoPacket decodeBinary(byte[] attachment) throws DecodeException {
        if (partial == null) throw new DecodeException("got binary data when not reconstructing a packet");
        received.add(attachment);
        if (received.size() < expected) return null;
        SocketIoPacket done = withAttachments(partial, received);
        partial = null;
        received = null;
        return done;
    }

    public boolean awaitingAttachments() {
        return partial != null;
    }

    private static SocketIoPacket withAttachments(SocketIoPacket p, List<byte[]> attachments) throws DecodeException {
        return new SocketIoPacket(p.type(), p.nsp(), p.id(), JsonValues.withAttachments(p.data(), attachments));
    }

    private record Header(SocketIoPacket packet, int attachments) {
    }

    private Header header(String s) throws DecodeException {
        if (s.isEmpty()) throw new DecodeException("empty packet");
        int type = s.charAt(0) - '0';
        if (type < 0 || type > 6) throw new DecodeException("unknown packet type");
        int i = 1;
        int attachments = -1;
        if (type == SocketIoPacket.BINARY_EVENT || type == SocketIoPacket.BINARY_ACK) {
            int dash = s.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 9) throw new DecodeException("illegal attachments");
            attachments = 0;
            for (int j = i; j < dash; j++) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') throw new DecodeException("illegal attachments");
                attachments = attachments * 10 + (c - '0');
            }
            if (attachments > maxAttachments) throw new DecodeException("too many attachments");
            i = dash + 1;
        }
        String nsp = "/";
        if (i < s.length() && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? s.length() : comma;
            nsp = s.substring(i, end);
            i = comma < 0 ? end : end + 1;
        }
        long id = -1;
        int idStart = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i > idStart) {
            if (i - idStart > 15) throw new DecodeException("ack id too large");
            id = Long.parseLong(s, idStart, i, 10);
        }
        Object data = SocketIoPacket.NO_DATA;
        if (i < s.length()) data = JsonValues.parse(s.substring(i));
        if (!validPayload(type, data)) throw new DecodeException("invalid payload");
        return new Header(new SocketIoPacket(type, nsp, id, data), attachments);
    }

    private static boolean validPayload(int type, Object data) {
        boolean none = data == SocketIoPacket.NO_DATA;
        return switch (type) {
            case SocketIoPacket.CONNECT -> none || data instanceof java.util.Map;
            case SocketIoPacket.DISCONNECT -> none;
            case SocketIoPacket.CONNECT_ERROR -> data instanceof String || data instanceof java.util.Map;
            case SocketIoPacket.EVENT, SocketIoPacket.BINARY_EVENT -> data instanceof List<?> l && !l.isEmpty()
                    && (l.get(0) instanceof Number || l.get(0) instanceof String name && !RESERVED.contains(name));
            default -> data instanceof List; // acks
        };
    }
}
