package io.switchboard.json;

/**
 * JSON string literals. Unpaired surrogates are always written as {@code \}{@code uXXXX}: their UTF-8 form would make a
 * WebSocket text frame invalid, and browsers fail the connection on that.
 */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** As JSON.stringify writes it: short escapes for \b \f \n \r \t, {@code \}{@code u00XX} for other control characters. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || lone(s, i)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The most bytes {@link #writeUtf8} may write for s. */
    public static int maxUtf8Length(String s) {
        return s.length() * 6 + 2;
    }

    /**
     * Writes the literal as UTF-8 into buf at pos (room for {@link #maxUtf8Length} bytes) and returns the end.
     * Every control character is {@code \}{@code u00XX} here, as Centrifugo's replies have always carried them.
     */
    public static int writeUtf8(String s, byte[] buf, int pos) {
        buf[pos++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                buf[pos++] = '\\';
                buf[pos++] = (byte) c;
            } else if (c < 0x20) {
                pos = escape(c, buf, pos);
            } else if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && !lone(s, i)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                pos = escape(c, buf, pos); // a low surrogate here is unpaired: its high half was consumed otherwise
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buf[pos++] = '"';
        return pos;
    }

    private static int escape(char c, byte[] buf, int pos) {
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = (byte) HEX[c >> 12];
        buf[pos++] = (byte) HEX[(c >> 8) & 0xF];
        buf[pos++] = (byte) HEX[(c >> 4) & 0xF];
        buf[pos++] = (byte) HEX[c & 0xF];
        return pos;
    }

    /** Whether the surrogate (if it is one) at i lacks its other half. */
    private static boolean lone(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
