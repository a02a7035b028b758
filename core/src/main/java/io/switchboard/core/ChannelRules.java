package io.switchboard.core;

import java.util.Map;
import java.util.Optional;

/**
 * Which options apply to a channel. The namespace is the part before the first {@code :} (after a leading
 * {@code $}); a channel without one uses {@code withoutNamespace}; an unknown namespace has no options.
 */
public record ChannelRules(int maxLength, ChannelOptions withoutNamespace, Map<String, ChannelOptions> namespaces) {

    public static final char NAMESPACE_BOUNDARY = ':';
    public static final char USER_BOUNDARY = '#';
    public static final char USER_SEPARATOR = ',';
    public static final String PRIVATE_PREFIX = "$";

    public ChannelRules {
        namespaces = Map.copyOf(namespaces);
        if (maxLength <= 0) throw new IllegalArgumentException("channel max_length must be > 0");
    }

    public static ChannelRules of(ChannelOptions withoutNamespace) {
        return new ChannelRules(255, withoutNamespace, Map.of());
    }

    /** The options of this channel's namespace, empty when the namespace is not configured. */
    public Optional<ChannelOptions> optionsFor(String channel) {
        String ns = namespaceOf(channel);
        if (ns.isEmpty()) return Optional.of(withoutNamespace);
        return Optional.ofNullable(namespaces.get(ns));
    }

    public static String namespaceOf(String channel) {
        String name = channel.startsWith(PRIVATE_PREFIX) ? channel.substring(1) : channel;
        int idx = name.indexOf(NAMESPACE_BOUNDARY);
        return idx < 0 ? "" : name.substring(0, idx);
    }

    public static boolean isPrivate(String channel) {
        return channel.startsWith(PRIVATE_PREFIX);
    }

    /** True when the channel names the users allowed in it after {@code #} ({@code chat#42,43}). */
    public static boolean isUserLimited(String channel) {
        return channel.indexOf(USER_BOUNDARY) >= 0;
    }

    /** Whether {@code user} is one of the users listed after the channel's {@code #}. */
    public static boolean userAllowed(String channel, String user) {
        int idx = channel.lastIndexOf(USER_BOUNDARY);
        if (idx < 0 || user == null || user.isEmpty()) return false;
        for (String allowed : channel.substring(idx + 1).split(String.valueOf(USER_SEPARATOR), -1)) {
            if (allowed.equals(user)) return true;
        }
        return false;
    }

    /** A channel name the core accepts: not empty, ASCII printable, within the length limit. */
    public boolean validName(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() > maxLength) return false;
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return false;
        }
        return true;
    }
}
