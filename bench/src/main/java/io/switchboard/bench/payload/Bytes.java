package io.switchboard.bench.payload;

import io.netty.buffer.ByteBuf;

/** Searching a {@link ByteBuf} range without copying it: the per-message work of the receiving side. */
public final class Bytes {
    private Bytes() {
    }

    public static boolean startsWith(ByteBuf buf, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(from + i) != prefix[i]) return false;
        }
        return true;
    }

    /** Index of the first occurrence of {@code needle} in {@code buf[from, to)}, or -1. */
    public static int indexOf(ByteBuf buf, int from, int to, byte[] needle) {
        byte first = needle[0];
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (buf.getByte(i) == first && startsWith(buf, i, to, needle)) return i;
        }
        return -1;
    }

    /**
     * Like {@link #indexOf(ByteBuf, int, int, byte[])}, but jumps between occurrences of {@code anchor} (the
     * needle's first byte, chosen rare in the haystack) with Netty's word-at-a-time byte search.
     */
    public static int indexOf(ByteBuf buf, int from, int to, byte[] needle, byte anchor) {
        int last = to - needle.length;
        for (int i = from; i <= last; i++) {
            i = buf.indexOf(i, last + 1, anchor);
            if (i < 0) return -1;
            if (startsWith(buf, i, to, needle)) return i;
        }
        return -1;
    }

    /** How many decimal digits start at {@code at} (stopping at {@code to}). */
    public static int digitsAt(ByteBuf buf, int at, int to) {
        int n = 0;
        while (at + n < to && n < 19) {
            byte b = buf.getByte(at + n);
            if (b < '0' || b > '9') break;
            n++;
        }
        return n;
    }

    /** The number formed by {@code digits} decimal digits at {@code at}. */
    public static long parse(ByteBuf buf, int at, int digits) {
        long value = 0;
        for (int i = 0; i < digits; i++) value = value * 10 + (buf.getByte(at + i) - '0');
        return value;
    }
}
