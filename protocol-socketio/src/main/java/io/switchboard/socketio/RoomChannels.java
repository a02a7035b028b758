package io.switchboard.socketio;

import java.nio.charset.StandardCharsets;

/**
 * How a namespace's rooms are named as core channels: the namespace's channel prefix and the room name with
 * what a channel name may not hold, and what would change its meaning ({@code :}, {@code #}, {@code $},
 * {@code %}), percent-encoded. So {@code news} stays {@code news} and {@code user:42} becomes {@code user%3A42}.
 */
final class RoomChannels {
    private RoomChannels() {
    }

    static String channel(String prefix, String room) {
        StringBuilder out = new StringBuilder(prefix.length() + room.length());
        out.append(prefix);
        for (byte b : room.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == ':' || c == '#' || c == '$') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
