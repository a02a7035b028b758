package io.switchboard.socketio.engine.internal.codec;

/**
 * One Engine.IO packet: a type with text data, or a binary message ({@code binary} not null, type MESSAGE).
 * Binary contents are not copied: callers hand over arrays they no longer change.
 */
public record Packet(PacketType type, String text, byte[] binary) {
    public static final Packet PING = new Packet(PacketType.PING, "", null);
    public static final Packet PONG = new Packet(PacketType.PONG, "", null);
    public static final Packet CLOSE = new Packet(PacketType.CLOSE, "", null);
    public static final Packet NOOP = new Packet(PacketType.NOOP, "", null);
    public static final Packet UPGRADE = new Packet(PacketType.UPGRADE, "", null);

    public Packet {
        if (text == null) text = "";
        if (binary != null && type != PacketType.MESSAGE) throw new IllegalArgumentException("binary data is a message");
    }

    public static Packet of(PacketType type, String text) {
        return new Packet(type, text, null);
    }

    public static Packet message(String text) {
        return new Packet(PacketType.MESSAGE, text, null);
    }

    public static Packet message(byte[] binary) {
        return new Packet(PacketType.MESSAGE, "", binary);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** Bytes this packet takes in memory, roughly: what write-buffer bounds count. */
    public int weight() {
        return 32 + (binary != null ? binary.length : text.length() * 2);
    }
}
