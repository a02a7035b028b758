package io.switchboard.socketio.engine.internal.codec;

import java.util.Arrays;

/**
 * One packet as a WebSocket frame. Text frames are {@code <type digit><data>} in both versions; binary frames
 * are the raw message in v4 and carry the type as their first byte in v3.
 */
public final class PacketCodec {
    private PacketCodec() {
    }

    public static Packet decodeText(String frame) throws DecodeException {
        if (frame.isEmpty()) throw new DecodeException("empty packet");
        PacketType type = PacketType.ofDigit(frame.charAt(0));
        if (type == null) throw new DecodeException("unknown packet type");
        return Packet.of(type, frame.substring(1));
    }

    public static String encodeText(Packet packet) {
        return packet.type().digit() + packet.text();
    }

    public static Packet decodeBinary(byte[] frame, int protocol) throws DecodeException {
        if (protocol >= 4) return Packet.message(frame);
        if (frame.length == 0) throw new DecodeException("empty binary packet");
        if (frame[0] != PacketType.MESSAGE.ordinal()) throw new DecodeException("binary packet that is not a message");
        return Packet.message(Arrays.copyOfRange(frame, 1, frame.length));
    }

    public static byte[] encodeBinary(byte[] message, int protocol) {
        if (protocol >= 4) return message;
        byte[] out = new byte[message.length + 1];
        out[0] = (byte) PacketType.MESSAGE.ordinal();
        System.arraycopy(message, 0, out, 1, message.length);
        return out;
    }
}
