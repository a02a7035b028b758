package io.switchboard.pusher;

/** Pusher's channel names: {@code [A-Za-z0-9_\-=@,.;]} (and {@code #} in {@code #server-to-user-…}), within the app's length. */
public final class ChannelNames {
    private ChannelNames() {
    }

    public static boolean valid(String name, int maxLength) {
        if (name == null || name.isEmpty() || name.length() > maxLength) return false;
        int start = name.startsWith(ChannelType.USER_PREFIX) ? ChannelType.USER_PREFIX.length() : 0;
        if (start == name.length()) return false;
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '=' || c == '@' || c == ',' || c == '.' || c == ';';
            if (!ok) return false;
        }
        return true;
    }
}
