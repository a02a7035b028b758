package io.switchboard.socketio.engine.internal.codec;

/** The Engine.IO packet types; each travels as its decimal digit. */
public enum PacketType {
    OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

    private static final PacketType[] BY_DIGIT = values();

    public char digit() {
        return (char) ('0' + ordinal());
    }

    /** The type for a digit character, or null when it is not one. */
    public static PacketType ofDigit(int c) {
        int i = c - '0';
        return i >= 0 && i < BY_DIGIT.length ? BY_DIGIT[i] : null;
    }
}
