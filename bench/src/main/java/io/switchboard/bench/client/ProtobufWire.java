package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * The few pieces of the Protobuf wire format the generator needs, over {@link ByteBuf} ranges and without
 * allocation. Positions that a method moves are returned through {@code cursor[0]}.
 */
final class ProtobufWire {
    private static final int VARINT = 0, FIXED64 = 1, LENGTH = 2, FIXED32 = 5;

    private ProtobufWire() {
    }

    /** Reads a varint at {@code at}; returns it (or -1 when truncated) and puts the next position in cursor[0]. */
    static long readVarint(ByteBuf buf, int at, int end, long[] cursor) {
        long value = 0;
        for (int shift = 0; at < end && shift < 64; shift += 7) {
            byte b = buf.getByte(at++);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                cursor[0] = at;
                return value;
            }
        }
        cursor[0] = at;
        return -1;
    }

    /** Start of the first length-delimited field {@code number} in {@code [from, to)}, end in cursor[0]; or -1. */
    static int findBytes(ByteBuf buf, int from, int to, int number, long[] cursor) {
        int at = from;
        while (at < to) {
            long key = readVarint(buf, at, to, cursor);
            at = (int) cursor[0];
            if (key < 0) return -1;
            int type = (int) (key & 7);
            if (type == LENGTH) {
                long length = readVarint(buf, at, to, cursor);
                at = (int) cursor[0];
                if (length < 0 || at + length > to) return -1;
                if ((key >>> 3) == number) {
                    cursor[0] = at + length;
                    return at;
                }
                at += (int) length;
            } else {
                at = skip(buf, at, to, type, cursor);
                if (at < 0) return -1;
            }
        }
        return -1;
    }

    /** Value of the first varint field {@code number} in {@code [from, to)}, or 0 (proto3's default). */
    static long findVarint(ByteBuf buf, int from, int to, int number, long[] cursor) {
        int at = from;
        while (at < to) {
            long key = readVarint(buf, at, to, cursor);
            at = (int) cursor[0];
            if (key < 0) return 0;
            int type = (int) (key & 7);
            if (type == VARINT && (key >>> 3) == number) {
                return readVarint(buf, at, to, cursor);
            }
            at = skip(buf, at, to, type, cursor);
            if (at < 0) return 0;
        }
        return 0;
    }

    private static int skip(ByteBuf buf, int at, int to, int type, long[] cursor) {
        switch (type) {
            case VARINT -> {
                return readVarint(buf, at, to, cursor) < 0 ? -1 : (int) cursor[0];
            }
            case FIXED64 -> {
                return at + 8;
            }
            case FIXED32 -> {
                return at + 4;
            }
            case LENGTH -> {
                long length = readVarint(buf, at, to, cursor);
                return length < 0 ? -1 : (int) cursor[0] + (int) length;
            }
            default -> {
                return -1;
            }
        }
    }

    static void writeVarint(ByteBuf out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.writeByte((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static void writeVarintField(ByteBuf out, int number, long value) {
        writeVarint(out, (long) number << 3 | VARINT);
        writeVarint(out, value);
    }

    static void writeBytes(ByteBuf out, int number, byte[] bytes, int offset, int length) {
        writeVarint(out, (long) number << 3 | LENGTH);
        writeVarint(out, length);
        out.writeBytes(bytes, offset, length);
    }

    /** Writes {@code message} as field {@code number} and releases it. */
    static void writeBytes(ByteBuf out, int number, ByteBuf message) {
        writeVarint(out, (long) number << 3 | LENGTH);
        writeVarint(out, message.readableBytes());
        out.writeBytes(message);
        message.release();
    }

    /** Writes {@code message} prefixed by its length and releases it. */
    static void writeDelimited(ByteBuf out, ByteBuf message) {
        writeVarint(out, message.readableBytes());
        out.writeBytes(message);
        message.release();
    }
}
