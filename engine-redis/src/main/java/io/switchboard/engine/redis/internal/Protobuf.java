package io.switchboard.engine.redis.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The few protobuf wire rules Centrifugo's Publication and ClientInfo need: varints and length-delimited fields. */
final class Protobuf {
    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private Protobuf() {
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Writer varint(int field, long value) {
            if (value == 0) return this;
            tag(field, VARINT);
            rawVarint(value);
            return this;
        }

        Writer bytes(int field, byte[] value) {
            if (value == null || value.length == 0) return this;
            tag(field, LENGTH_DELIMITED);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer string(int field, String value) {
            return value == null ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        /** An embedded message, written even when empty (presence of a sub-message is meaningful). */
        Writer message(int field, byte[] encoded) {
            tag(field, LENGTH_DELIMITED);
            rawVarint(encoded.length);
            out.writeBytes(encoded);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            rawVarint(((long) field << 3) | wireType);
        }

        private void rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }

    /** Reads fields in order; unknown fields are skipped by the caller with {@link #skip}. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        Reader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        /** The next tag: field number in the high bits, wire type in the low three. */
        long tag() {
            return varint();
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw new IllegalArgumentException("truncated varint");
                byte b = buf[pos++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return result;
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        byte[] bytes() {
            long len = varint();
            if (len < 0 || len > end - pos) throw new IllegalArgumentException("length past the end");
            byte[] out = new byte[(int) len];
            System.arraycopy(buf, pos, out, 0, out.length);
            pos += out.length;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int wireType) {
            switch (wireType) {
                case VARINT -> varint();
                case 1 -> advance(8);
                case LENGTH_DELIMITED -> {
                    long len = varint();
                    if (len < 0 || len > end - pos) throw new IllegalArgumentException("length past the end");
                    pos += (int) len;
                }
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("wire type " + wireType + " is not supported");
            }
        }

        private void advance(int n) {
            if (n > end - pos) throw new IllegalArgumentException("truncated field");
            pos += n;
        }
    }
}
