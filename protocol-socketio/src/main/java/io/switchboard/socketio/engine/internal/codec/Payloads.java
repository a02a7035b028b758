package io.switchboard.socketio.engine.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Long-polling bodies. v4: packets joined by the record separator, binary as {@code b<base64>}. v3: each packet
 * prefixed by its length in UTF-16 code units and a colon, binary as {@code b4<base64>}; or, for clients that
 * take binary, the XHR2 form where each packet is {@code <0 text|1 binary><length digits as bytes><0xFF><bytes>}.
 */
public final class Payloads {
    static final char SEPARATOR = '\u001e';

    private Payloads() {
    }

    // --- v4 ---------------------------------------------------------------------------------------------

    public static List<Packet> decodeV4(String body) throws DecodeException {
        List<Packet> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = body.indexOf(SEPARATOR, start);
            String record = body.substring(start, end < 0 ? body.length() : end);
            if (!record.isEmpty() && record.charAt(0) == 'b') {
                packets.add(Packet.message(base64(record, 1)));
            } else {
                packets.add(PacketCodec.decodeText(record));
            }
            if (end < 0) return packets;
            start = end + 1;
        }
    }

    public static String encodeV4(List<Packet> packets) {
        StringBuilder out = new StringBuilder();
        for (Packet p : packets) {
            if (out.length() > 0) out.append(SEPARATOR);
            if (p.isBinary()) out.append('b').append(Base64.getEncoder().encodeToString(p.binary()));
            else out.append(p.type().digit()).append(p.text());
        }
        return out.toString();
    }

    // --- v3, text -----------------------------------------------------------------------------------------

    public static List<Packet> decodeV3(String body) throws DecodeException {
        if (body.isEmpty()) throw new DecodeException("empty payload");
        List<Packet> packets = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            int colon = body.indexOf(':', i);
            if (colon <= i) throw new DecodeException("missing packet length");
            int length = digits(body, i, colon);
            int start = colon + 1;
            if (length > body.length() - start) throw new DecodeException("packet longer than the payload");
            String packet = body.substring(start, start + length);
            if (!packet.isEmpty()) {
                if (packet.charAt(0) == 'b') {
                    if (packet.length() < 2 || PacketType.ofDigit(packet.charAt(1)) != PacketType.MESSAGE) {
                        throw new DecodeException("base64 packet that is not a message");
                    }
                    packets.add(Packet.message(base64(packet, 2)));
                } else {
                    packets.add(PacketCodec.decodeText(packet));
                }
            }
            i = start + length;
        }
        return packets;
    }

    public static String encodeV3(List<Packet> packets) {
        StringBuilder out = new StringBuilder();
        for (Packet p : packets) {
            String text = p.isBinary() ? "b4" + Base64.getEncoder().encodeToString(p.binary()) : PacketCodec.encodeText(p);
            out.append(text.length()).append(':').append(text);
        }
        return out.toString();
    }

    // --- v3, XHR2 binary ----------------------------------------------------------------------------------

    public static List<Packet> decodeV3Binary(byte[] body) throws DecodeException {
        if (body.length == 0) throw new DecodeException("empty payload");
        List<Packet> packets = new ArrayList<>();
        int i = 0;
        while (i < body.length) {
            int kind = body[i++];
            if (kind != 0 && kind != 1) throw new DecodeException("bad packet kind in binary payload");
            long length = 0;
            int digits = 0;
            while (i < body.length && (body[i] & 0xff) != 0xff) {
                int d = body[i++];
                if (d < 0 || d > 9 || ++digits > 10) throw new DecodeException("bad length in binary payload");
                length = length * 10 + d;
            }
            if (i >= body.length || digits == 0) throw new DecodeException("truncated binary payload");
            i++; // the 0xFF delimiter
            if (length > body.length - i) throw new DecodeException("packet longer than the payload");
            int n = (int) length;
            if (kind == 0) {
                packets.add(PacketCodec.decodeText(new String(body, i, n, StandardCharsets.UTF_8)));
            } else {
                byte[] frame = new byte[n];
                System.arraycopy(body, i, frame, 0, n);
                packets.add(PacketCodec.decodeBinary(frame, 3));
            }
            i += n;
        }
        return packets;
    }

    public static byte[] encodeV3Binary(List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            byte[] bytes = p.isBinary() ? PacketCodec.encodeBinary(p.binary(), 3)
                    : PacketCodec.encodeText(p).getBytes(StandardCharsets.UTF_8);
            out.write(p.isBinary() ? 1 : 0);
            String length = Integer.toString(bytes.length);
            for (int i = 0; i < length.length(); i++) out.write(length.charAt(i) - '0');
            out.write(0xff);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    public static boolean anyBinary(List<Packet> packets) {
        for (Packet p : packets) if (p.isBinary()) return true;
        return false;
    }

    private static int digits(String s, int from, int to) throws DecodeException {
        if (to - from > 9) throw new DecodeException("packet length too large");
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new DecodeException("packet length is not a number");
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static byte[] base64(String s, int from) throws DecodeException {
        try {
            return Base64.getDecoder().decode(s.substring(from));
        } catch (IllegalArgumentException e) {
            throw new DecodeException("bad base64");
        }
    }
}
