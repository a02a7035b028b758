package io.switchboard.socketio.internal.codec;

import java.util.List;

/**
 * One Socket.IO packet: its type, namespace ("/" when absent), ack id (-1 when absent) and payload as plain
 * Java values ({@link #NO_DATA} when the packet has none), with binary attachments already in place.
 */
public record SocketIoPacket(int type, String nsp, long id, Object data) {
    public static final int CONNECT = 0, DISCONNECT = 1, EVENT = 2, ACK = 3, CONNECT_ERROR = 4, BINARY_EVENT = 5,
            BINARY_ACK = 6;
    /** The payload of a packet that carries none (distinct from JSON null). */
    public static final Object NO_DATA = new Object() {
        @Override
        public String toString() {
            return "<none>";
        }
    };

    public boolean hasData() {
        return data != NO_DATA;
    }

    /** The payload as a list (events and acks carry arrays). */
    @SuppressWarnings("unchecked")
    public List<Object> list() {
        return data instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
