package io.switchboard.core.delta;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Fossil SCM delta format, as Centrifugo uses it for {@code delta: "fossil"} publications.
 *
 * <p>A delta is the target's length as a base-64 integer and {@code '\n'}, then commands, each an integer
 * and an operator: {@code count@offset,} copies {@code count} bytes of the source starting at {@code offset};
 * {@code count:} inserts the {@code count} bytes that follow; {@code checksum;} ends the delta with the
 * target's checksum. Integers are written most significant digit first in Fossil's alphabet
 * {@code 0-9 A-Z _ a-z ~}.
 *
 * <p>{@link #create} follows Fossil's encoder step by step (a rolling hash over 16-byte source blocks, at most
 * 250 candidates a position, a copy only where it is no longer than the literal it replaces), and its output is
 * byte for byte that of the npm {@code fossil-delta} encoder (checked against vectors it made). Encoders differ in
 * small choices (hash table size, candidate limit) and so may emit different but equally valid deltas; every
 * decoder, {@link #apply} included, accepts them all. Each call allocates the output (sized up front and trimmed
 * once) and one {@code int} table of about half the source's length; no boxing.
 */
public final class FossilDelta {
    /** Bytes in a hashed block of the source, and the width of the rolling hash window. */
    private static final int NHASH = 16;
    /** Candidate blocks tried for one target position before giving up on it. */
    private static final int SEARCH_LIMIT = 250;
    /** The most digits a 32-bit integer takes. */
    private static final int MAX_DIGITS = 6;
    /** Header, last literal's count and checksum: each at most {@link #MAX_DIGITS} digits and one operator. */
    private static final int MAX_OVERHEAD = 3 * (MAX_DIGITS + 1);
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    /** Largest array the JVM is sure to allocate. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final byte[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Digit value of each byte 0..127, or -1 where that byte is no digit. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) VALUES[DIGITS[i]] = (byte) i;
    }

    private FossilDelta() {
    }

    /** The delta that turns {@code source} into {@code target}. */
    public static byte[] create(byte[] source, byte[] target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        final int lenSrc = source.length;
        final int lenOut = target.length;
        if (lenOut > MAX_ARRAY - MAX_OVERHEAD) throw new IllegalArgumentException("target too large for a delta: " + lenOut);
        // A copy is only emitted when it (with the literal before it) takes no more bytes than the target bytes it
        // stands for, so the delta never exceeds the target plus the three integers around the literals.
        byte[] out = new byte[lenOut + MAX_OVERHEAD];
        int p = putInt(out, 0, lenOut);
        out[p++] = '\n';

        if (lenSrc <= NHASH) {
            // No whole block to match against: one literal for the entire target.
            p = putInsert(out, p, target, 0, lenOut);
            return finish(out, p, target);
        }

        // Index each whole source block (except one ending exactly at the end) by its hash. table[0, nHash) holds
        // the last block seen with each hash value, table[nHash + block] the block seen before it with the same value.
        // The table has ceil(lenSrc / NHASH) buckets, as in the npm fossil-delta encoder (Fossil's C code and the Go
        // port round down instead, so for a source whose length is not a multiple of 16 they may pick other matches).
        final int nHash = (lenSrc + NHASH - 1) / NHASH;
        final int[] table = new int[2 * nHash];
        Arrays.fill(table, 0, nHash, -1);
        for (int i = 0; i < lenSrc - NHASH; i += NHASH) {
            int a = 0;
            int b = 0;
            for (int k = i; k < i + NHASH; k++) {
                a += source[k] & 0xFF;
                b += a;
            }
            int hv = Integer.remainderUnsigned((a & 0xFFFF) | (b << 16), nHash);
            table[nHash + i / NHASH] = table[hv];
            table[hv] = i / NHASH;
        }

        int base = 0; // everything before target[base] is already in the delta
        while (base + NHASH < lenOut) {
            int a = 0;
            int b = 0;
            for (int k = base; k < base + NHASH; k++) {
                a += target[k] & 0xFF;
                b += a;
            }
            a &= 0xFFFF;
            b &= 0xFFFF;
            int bestCnt = 0;
            int bestOfst = 0;
            int bestLitsz = 0;
            int i = 0; // the hash window is target[base + i, base + i + NHASH)
            while (true) {
                int iBlock = table[Integer.remainderUnsigned(a | (b << 16), nHash)];
                int limit = SEARCH_LIMIT;
                while (iBlock >= 0 && limit-- > 0) {
                    int iSrc = iBlock * NHASH;
                    // Match forwards from source[iSrc] / target[base + i]...
                    int x = iSrc;
                    int y = base + i;
                    int limitX = lenSrc - iSrc <= lenOut - y ? lenSrc : iSrc + lenOut - y;
                    while (x < limitX && source[x] == target[y]) {
                        x++;
                        y++;
                    }
                    int j = x - iSrc - 1;
                    // ...and backwards, not past target[base] and (as the reference does) not down to source[0].
                    int k = 1;
                    while (k < iSrc && k <= i && source[iSrc - k] == target[base + i - k]) k++;
                    k--;

                    int ofst = iSrc - k;
                    int cnt = j + k + 1;
                    int litsz = i - k;
                    int sz = digitCount(litsz) + digitCount(cnt) + digitCount(ofst) + 3;
                    if (cnt >= sz && cnt > bestCnt) {
                        bestCnt = cnt;
                        bestOfst = ofst;
                        bestLitsz = litsz;
                    }
                    iBlock = table[nHash + iBlock];
                }

                if (bestCnt > 0) {
                    if (bestLitsz > 0) {
                        p = putInsert(out, p, target, base, bestLitsz);
                        base += bestLitsz;
                    }
                    base += bestCnt;
                    p = putInt(out, p, bestCnt);
                    out[p++] = '@';
                    p = putInt(out, p, bestOfst);
                    out[p++] = ',';
                    break;
                }
                if (base + i + NHASH >= lenOut) {
                    // No match up to the end of the target: the rest is literal.
                    p = putInsert(out, p, target, base, lenOut - base);
                    base = lenOut;
                    break;
                }
                // Roll the window one byte on.
                int old = target[base + i] & 0xFF;
                int in = target[base + i + NHASH] & 0xFF;
                a = (a - old + in) & 0xFFFF;
                b = (b - NHASH * old + a) & 0xFFFF;
                i++;
            }
        }
        if (base < lenOut) p = putInsert(out, p, target, base, lenOut - base);
        return finish(out, p, target);
    }

    /**
     * The target that {@code delta} makes from {@code source}.
     *
     * @throws DeltaException if the delta is malformed or truncated, copies from outside the source, makes more or
     *                        less output than its header says, or its checksum does not match the output
     */
    public static byte[] apply(byte[] source, byte[] delta) throws DeltaException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(delta, "delta");
        final int lenSrc = source.length;
        final int lenDelta = delta.length;
        long header = readInt(delta, 0);
        int pos = endOf(header);
        if (pos >= lenDelta || delta[pos] != '\n') throw new DeltaException("size integer not terminated by '\\n'");
        pos++;
        long limit = valueOf(header);
        // Each copy command takes at least 4 bytes ("1@0,") and copies at most the whole source; an insert brings
        // at most its own bytes. A larger declared size is corrupt, and must not make us allocate it.
        if (limit > MAX_ARRAY || limit > (long) (lenDelta / 4) * lenSrc + lenDelta) {
            throw new DeltaException("declared output size " + limit + " cannot come from this delta and source");
        }
        byte[] out = new byte[(int) limit];
        int total = 0;
        while (pos < lenDelta) {
            long r = readInt(delta, pos);
            long cnt = valueOf(r);
            pos = endOf(r);
            if (pos >= lenDelta) break;
            switch (delta[pos++]) {
                case '@' -> {
                    r = readInt(delta, pos);
                    long ofst = valueOf(r);
                    pos = endOf(r);
                    if (pos >= lenDelta || delta[pos] != ',') throw new DeltaException("copy command not terminated by ','");
                    pos++;
                    if (total + cnt > limit) throw new DeltaException("copy exceeds output file size");
                    if (ofst + cnt > lenSrc) throw new DeltaException("copy extends past end of source");
                    System.arraycopy(source, (int) ofst, out, total, (int) cnt);
                    total += (int) cnt;
                }
                case ':' -> {
                    if (total + cnt > limit) throw new DeltaException("insert command gives an output larger than predicted");
                    if (cnt > lenDelta - pos) throw new DeltaException("insert count exceeds size of delta");
                    System.arraycopy(delta, pos, out, total, (int) cnt);
                    pos += (int) cnt;
                    total += (int) cnt;
                }
                case ';' -> {
                    // Like the reference, bytes after the checksum command are ignored.
                    if ((int) cnt != checksum(out, total)) throw new DeltaException("bad checksum");
                    if (total != limit) throw new DeltaException("generated size does not match predicted size");
                    return out;
                }
                default -> throw new DeltaException("unknown delta operator");
            }
        }
        throw new DeltaException("unterminated delta");
    }

    /** The size of the target {@code delta} makes, read from its header; -1 if the header is malformed. */
    public static int outputSize(byte[] delta) {
        Objects.requireNonNull(delta, "delta");
        try {
            long header = readInt(delta, 0);
            int pos = endOf(header);
            long size = valueOf(header);
            if (pos >= delta.length || delta[pos] != '\n' || size > Integer.MAX_VALUE) return -1;
            return (int) size;
        } catch (DeltaException e) {
            return -1;
        }
    }

    private static byte[] finish(byte[] out, int p, byte[] target) {
        p = putInt(out, p, checksum(target, target.length));
        out[p++] = ';';
        return Arrays.copyOf(out, p);
    }

    private static int putInsert(byte[] out, int p, byte[] from, int offset, int count) {
        p = putInt(out, p, count);
        out[p++] = ':';
        System.arraycopy(from, offset, out, p, count);
        return p + count;
    }

    /** Writes {@code v}, read as unsigned, in base 64 at {@code out[p]}; returns the position after it. */
    private static int putInt(byte[] out, int p, int v) {
        int n = digitCount(v);
        for (int i = p + n - 1; i >= p; i--) {
            out[i] = DIGITS[v & 0x3F];
            v >>>= 6;
        }
        return p + n;
    }

    /** Base-64 digits of {@code v} read as unsigned; 0 takes one. */
    private static int digitCount(int v) {
        int bits = 32 - Integer.numberOfLeadingZeros(v);
        return bits == 0 ? 1 : (bits + 5) / 6;
    }

    /**
     * Reads the integer at {@code d[pos]}: its value (at most 32 bits) in the low 32 bits of the result and the
     * position after its last digit in the high 32 bits, so that parsing allocates nothing.
     */
    private static long readInt(byte[] d, int pos) throws DeltaException {
        long v = 0;
        int start = pos;
        while (pos < d.length) {
            int c = d[pos];
            if (c < 0 || VALUES[c] < 0) break;
            v = (v << 6) + VALUES[c];
            if (v > MAX_UINT32) throw new DeltaException("integer too large at offset " + start);
            pos++;
        }
        if (pos == start) throw new DeltaException("integer expected at offset " + start);
        return ((long) pos << 32) | v;
    }

    private static long valueOf(long readResult) {
        return readResult & MAX_UINT32;
    }

    private static int endOf(long readResult) {
        return (int) (readResult >>> 32);
    }

    /**
     * Fossil's checksum of {@code z[0, n)}: the sum of its big-endian 32-bit words, a last partial word counting as
     * if padded with zero bytes, all modulo 2<sup>32</sup>.
     */
    static int checksum(byte[] z, int n) {
        int sum0 = 0;
        int sum1 = 0;
        int sum2 = 0;
        int sum3 = 0;
        int i = 0;
        for (; n - i >= 16; i += 16) {
            sum0 += (z[i] & 0xFF) + (z[i + 4] & 0xFF) + (z[i + 8] & 0xFF) + (z[i + 12] & 0xFF);
            sum1 += (z[i + 1] & 0xFF) + (z[i + 5] & 0xFF) + (z[i + 9] & 0xFF) + (z[i + 13] & 0xFF);
            sum2 += (z[i + 2] & 0xFF) + (z[i + 6] & 0xFF) + (z[i + 10] & 0xFF) + (z[i + 14] & 0xFF);
            sum3 += (z[i + 3] & 0xFF) + (z[i + 7] & 0xFF) + (z[i + 11] & 0xFF) + (z[i + 15] & 0xFF);
        }
        for (; n - i >= 4; i += 4) {
            sum0 += z[i] & 0xFF;
            sum1 += z[i + 1] & 0xFF;
            sum2 += z[i + 2] & 0xFF;
            sum3 += z[i + 3] & 0xFF;
        }
        sum3 += (sum2 << 8) + (sum1 << 16) + (sum0 << 24);
        int rest = n - i;
        if (rest >= 3) sum3 += (z[i + 2] & 0xFF) << 8;
        if (rest >= 2) sum3 += (z[i + 1] & 0xFF) << 16;
        if (rest >= 1) sum3 += (z[i] & 0xFF) << 24;
        return sum3;
    }
}
