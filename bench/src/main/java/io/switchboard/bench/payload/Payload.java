package io.switchboard.bench.payload;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark message {@code {"t":<Stamp>,"seq":<n>,"pad":"xx…"}}, padded to a given size. {@code seq} counts
 * per channel from 0, so each subscriber can tell loss and duplicates from its channel's sequence alone.
 */
public final class Payload {
    private static final byte[] T = ascii("\"t\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] ESCAPED_T = ascii("\\\"t\\\":");
    private static final byte[] ESCAPED_SEQ = ascii(",\\\"seq\\\":");
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
     * The message may also sit escaped inside a JSON string ({@code {\"t\":…,\"seq\":…}}), as Pusher
     * delivers data.
     *
     * @return false when the bytes hold no benchmark message
     */
    public static boolean read(ByteBuf buf, int from, int to, long[] out) {
        for (int at = from; at < to; at++) {
            at = buf.indexOf(at, to, (byte) '{');
            if (at < 0) return false;
            if (Bytes.startsWith(buf, at + 1, to, T)) return readFields(buf, at + 1 + T.length, to, SEQ, out);
            if (Bytes.startsWith(buf, at + 1, to, ESCAPED_T)) {
                return readFields(buf, at + 1 + ESCAPED_T.length, to, ESCAPED_SEQ, out);
            }
        }
        return false;
    }

    private static boolean readFields(ByteBuf buf, int at, int to, byte[] seq, long[] out) {
        int digits = Bytes.digitsAt(buf, at, to);
        if (digits == 0 || !Bytes.startsWith(buf, at + digits, to, seq)) return false;
        out[0] = Bytes.parse(buf, at, digits);
        at += digits + seq.length;
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
