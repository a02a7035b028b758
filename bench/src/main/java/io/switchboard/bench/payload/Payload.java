package io.switchboard.bench.payload;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark message {@code {"t":<Stamp>,"seq":<n>,"pad":"xx…"}}, padded to a given size. {@code seq} counts
 * per channel from 0, so each subscriber can tell loss and duplicates from its channel's sequence alone.
 */
public final class Payload {
    private static final byte[] OPEN_T = ascii("{\"t\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] PAD = new byte[1 << 16];

    static {
        Arrays.fill(PAD, (byte) 'x');
    }

    private Payload() {
    }

    /** Appends the message for {@code stamp} and {@code seq}, about {@code bytes} long (never shorter than needed). */
    public static void write(ByteBuf out, long stamp, long seq, int bytes) {
        int start = out.writerIndex();
        out.writeCharSequence("{\"t\":", StandardCharsets.US_ASCII);
        writeNumber(out, stamp);
        out.writeCharSequence(",\"seq\":", StandardCharsets.US_ASCII);
        writeNumber(out, seq);
        out.writeCharSequence(",\"pad\":\"", StandardCharsets.US_ASCII);
        int pad = Math.min(PAD.length, Math.max(0, bytes - (out.writerIndex() - start) - 2));
        out.writeBytes(PAD, 0, pad);
        out.writeByte('"').writeByte('}');
    }

    /**
     * Reads {@code t} and {@code seq} of the message inside {@code buf[from, to)} into {@code out[0]} and
     * {@code out[1]}. Relies on the layout {@link #write} produces ({@code {"t":…,"seq":…}}), so one forward
     * scan to the first {@code {"t":} finds both: this runs once per delivery, on the generator's hot path.
     *
     * @return false when the bytes hold no benchmark message
     */
    public static boolean read(ByteBuf buf, int from, int to, long[] out) {
        int at = Bytes.indexOf(buf, from, to, OPEN_T, (byte) '{');
        if (at < 0) return false;
        at += OPEN_T.length;
        int digits = Bytes.digitsAt(buf, at, to);
        if (digits == 0 || !Bytes.startsWith(buf, at + digits, to, SEQ)) return false;
        out[0] = Bytes.parse(buf, at, digits);
        at += digits + SEQ.length;
        int seqDigits = Bytes.digitsAt(buf, at, to);
        if (seqDigits == 0) return false;
        out[1] = Bytes.parse(buf, at, seqDigits);
        return true;
    }

    private static void writeNumber(ByteBuf out, long value) {
        out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
