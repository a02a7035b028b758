package io.switchboard.engine.redis.internal;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;

import java.nio.charset.StandardCharsets;

/**
 * What travels on a channel's PUB/SUB channel, in Centrifugo's framing: a bare Publication (no history),
 * {@code __p1:<offset>:<epoch>__<Publication>}, {@code __d1:<offset>:<epoch>:<len>:<previous>:<len>:<Publication>}
 * (with the previous one, for delta), {@code __j__<ClientInfo>} and {@code __l__<ClientInfo>}. The history
 * script writes the p1 and d1 forms itself; this reads all of them, and the map broker's forms (a map
 * channel's change: {@code <offset>:<epoch>:<Publication>} and {@code d:...}), which no stream channel uses.
 */
public sealed interface PubSubMessage {
    record Pub(Publication publication, StreamPosition position, Publication previous) implements PubSubMessage {
    }

    record Join(ClientInfo info) implements PubSubMessage {
    }

    record Leave(ClientInfo info) implements PubSubMessage {
    }

    byte[] JOIN = ascii("__j__");
    byte[] LEAVE = ascii("__l__");

    static byte[] join(ClientInfo info) {
        return concat(JOIN, PublicationCodec.encode(info));
    }

    static byte[] leave(ClientInfo info) {
        return concat(LEAVE, PublicationCodec.encode(info));
    }

    /** @throws IllegalArgumentException for a payload in no known form */
    static PubSubMessage parse(byte[] m) {
        if (m.length > 0 && m[0] >= '0' && m[0] <= '9') return mapChange(m, new Cursor(m, 0));
        if (m.length > 1 && m[0] == 'd' && m[1] == ':') return mapDelta(m, new Cursor(m, 2));
        if (m.length < 5 || m[0] != '_' || m[1] != '_') {
            return new Pub(PublicationCodec.decodePublication(m, 0, m.length, 0), StreamPosition.NONE, null);
        }
        if (startsWith(m, JOIN)) return new Join(PublicationCodec.decodeInfo(m, JOIN.length, m.length));
        if (startsWith(m, LEAVE)) return new Leave(PublicationCodec.decodeInfo(m, LEAVE.length, m.length));
        Cursor c = new Cursor(m, 5);
        if (startsWith(m, ascii("__p1:"))) {
            long offset = c.number(':');
            String epoch = c.text('_');
            c.expect('_');
            return new Pub(PublicationCodec.decodePublication(m, c.pos, m.length, offset),
                    new StreamPosition(offset, epoch), null);
        }
        if (startsWith(m, ascii("__d1:"))) {
            long offset = c.number(':');
            String epoch = c.text(':');
            int prevLength = (int) c.number(':');
            int prevStart = c.take(prevLength);
            c.expect(':');
            int length = (int) c.number(':');
            int start = c.take(length);
            Publication previous = prevLength == 0 ? null
                    : PublicationCodec.decodePublication(m, prevStart, prevStart + prevLength, 0);
            return new Pub(PublicationCodec.decodePublication(m, start, start + length, offset),
                    new StreamPosition(offset, epoch), previous);
        }
        throw new IllegalArgumentException("unknown PUB/SUB payload header");
    }

    /**
     * A map channel's change as centrifuge's map broker publishes it: {@code <offset>:<epoch>:<Publication>}
     * (offset 0 and a fresh epoch in a map without a stream).
     */
    private static Pub mapChange(byte[] m, Cursor c) {
        long offset = c.number(':');
        String epoch = c.text(':');
        return new Pub(PublicationCodec.decodePublication(m, c.pos, m.length, offset),
                new StreamPosition(offset, epoch), null);
    }

    /**
     * With the key's previous value for delta: {@code d:<offset>:<epoch>:<len>:<previous>:<len>:<Publication>},
     * the previous one as the state hash holds it ({@code <offset>:<epoch>:<Publication>}).
     */
    private static Pub mapDelta(byte[] m, Cursor c) {
        long offset = c.number(':');
        String epoch = c.text(':');
        int prevLength = (int) c.number(':');
        int prevStart = c.take(prevLength);
        c.expect(':');
        int length = (int) c.number(':');
        int start = c.take(length);
        Publication previous = null;
        if (prevLength > 0) {
            Cursor p = new Cursor(m, prevStart);
            long prevOffset = p.number(':');
            p.text(':');
            previous = PublicationCodec.decodePublication(m, p.pos, prevStart + prevLength, prevOffset);
        }
        return new Pub(PublicationCodec.decodePublication(m, start, start + length, offset),
                new StreamPosition(offset, epoch), previous);
    }

    private static boolean startsWith(byte[] m, byte[] prefix) {
        if (m.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (m[i] != prefix[i]) return false;
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the header's fields, each ended by a separator byte. */
    final class Cursor {
        private final byte[] m;
        private int pos;

        private Cursor(byte[] m, int pos) {
            this.m = m;
            this.pos = pos;
        }

        long number(char end) {
            long n = 0;
            int start = pos;
            while (pos < m.length && m[pos] != end) {
                int d = m[pos++] - '0';
                if (d < 0 || d > 9 || pos - start > 18) throw new IllegalArgumentException("bad number in header");
                n = n * 10 + d;
            }
            expect(end);
            if (pos - 1 == start) throw new IllegalArgumentException("empty number in header");
            return n;
        }

        String text(char end) {
            int start = pos;
            while (pos < m.length && m[pos] != end) pos++;
            String s = new String(m, start, pos - start, StandardCharsets.US_ASCII);
            expect(end);
            return s;
        }

        int take(int n) {
            if (n < 0 || n > m.length - pos) throw new IllegalArgumentException("length past the end");
            int start = pos;
            pos += n;
            return start;
        }

        void expect(char c) {
            if (pos >= m.length || m[pos] != c) throw new IllegalArgumentException("expected '" + c + "' in header");
            pos++;
        }
    }
}
