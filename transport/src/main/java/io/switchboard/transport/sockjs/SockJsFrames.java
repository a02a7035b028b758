package io.switchboard.transport.sockjs;

import io.switchboard.json.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SockJS frames, pure: the server's {@code o}, {@code h}, {@code a[...]} and {@code c[code,"reason"]}, and the
 * client's JSON array of strings. Strings are escaped as SockJS servers must: besides JSON's own escapes, every
 * surrogate and the ranges browsers mangle ({@code \u200c-\u200f}, {@code \u2028-\u202f}, {@code \u2060-\u206f},
 * {@code \ufff0-\uffff}).
 */
public final class SockJsFrames {
    public static final String OPEN = "o";
    public static final String HEARTBEAT = "h";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SockJsFrames() {
    }

    /** {@code a[...]}: the messages as one array frame. */
    public static String array(List<String> messages) {
        StringBuilder out = new StringBuilder(16);
        out.append("a[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) out.append(',');
            quote(messages.get(i), out);
        }
        return out.append(']').toString();
    }

    /** {@code c[code,"reason"]}. */
    public static String close(int code, String reason) {
        StringBuilder out = new StringBuilder("c[").append(code).append(',');
        quote(reason, out);
        return out.append(']').toString();
    }

    /** A string as a JSON literal with SockJS's escapes. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (escaped(c)) {
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

    private static boolean escaped(char c) {
        return c < 0x20 || Character.isSurrogate(c) || (c >= 0x200c && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f)
                || (c >= 0x2060 && c <= 0x206f) || c >= 0xfff0;
    }

    /** Why a client frame was refused: SockJS's own wording, which xhr_send answers with a 500. */
    public static final class BadFrame extends Exception {
        public static final String PAYLOAD_EXPECTED = "Payload expected.";
        public static final String BROKEN_JSON = "Broken JSON encoding.";

        BadFrame(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The messages of a client frame: a JSON array of strings ({@code []} is a frame with none); with
     * {@code singleAllowed} (WebSocket) a lone JSON string is one message. Empty input is "Payload expected.",
     * anything else "Broken JSON encoding.".
     */
    public static List<String> messages(byte[] utf8, boolean singleAllowed) throws BadFrame {
        if (utf8.length == 0) throw new BadFrame(BadFrame.PAYLOAD_EXPECTED);
        return messages(new String(utf8, StandardCharsets.UTF_8), singleAllowed);
    }

    public static List<String> messages(String json, boolean singleAllowed) throws BadFrame {
        if (json.isEmpty()) throw new BadFrame(BadFrame.PAYLOAD_EXPECTED);
        Object value;
        try {
            value = JsonTree.parse(json);
        } catch (IOException | RuntimeException e) {
            throw new BadFrame(BadFrame.BROKEN_JSON);
        }
        if (singleAllowed && value instanceof String s) return List.of(s);
        if (!(value instanceof List<?> list)) throw new BadFrame(BadFrame.BROKEN_JSON);
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) throw new BadFrame(BadFrame.BROKEN_JSON);
            out.add(s);
        }
        return out;
    }
}
