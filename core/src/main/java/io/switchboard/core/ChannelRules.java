package io.switchboard.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which options apply to a channel. The namespace is the part before the first {@code :} (after a leading
 * {@code $}); a channel without one uses {@code withoutNamespace}; a namespace not listed uses {@code unlisted}, and
 * has no options when that is null (the channel is unknown, as in Centrifugo). The
 * {@link ChannelKind}s adjust the options of the channels their prefix names (the longest prefix wins).
 */
public record ChannelRules(int maxLength, ChannelOptions withoutNamespace, Map<String, ChannelOptions> namespaces,
                           List<ChannelKind> kinds, ChannelOptions unlisted) {

    public static final char NAMESPACE_BOUNDARY = ':';
    public static final char USER_BOUNDARY = '#';
    public static final char USER_SEPARATOR = ',';
    public static final String PRIVATE_PREFIX = "$";

    public ChannelRules {
        namespaces = Map.copyOf(namespaces);
        kinds = List.copyOf(kinds);
        if (maxLength <= 0) throw new IllegalArgumentException("channel max_length must be > 0");
    }

    public ChannelRules(int maxLength, ChannelOptions withoutNamespace, Map<String, ChannelOptions> namespaces,
                        List<ChannelKind> kinds) {
        this(maxLength, withoutNamespace, namespaces, kinds, null);
    }

    public ChannelRules(int maxLength, ChannelOptions withoutNamespace, Map<String, ChannelOptions> namespaces) {
        this(maxLength, withoutNamespace, namespaces, List.of());
    }

    /** These rules with options for every namespace not listed (development mode opens them all). */
    public ChannelRules withUnlisted(ChannelOptions options) {
        return new ChannelRules(maxLength, withoutNamespace, namespaces, kinds, options);
    }

    /** These rules with more kinds (a protocol's channel types) and namespaces (its apps) added. */
    public ChannelRules with(List<ChannelKind> moreKinds, Map<String, ChannelOptions> moreNamespaces) {
        java.util.List<ChannelKind> k = new java.util.ArrayList<>(kinds);
        k.addAll(moreKinds);
        Map<String, ChannelOptions> ns = new java.util.HashMap<>(moreNamespaces);
        ns.putAll(namespaces); // a namespace configured by hand keeps its own options
        return new ChannelRules(maxLength, withoutNamespace, ns, k, unlisted);
    }

    public static ChannelRules of(ChannelOptions withoutNamespace) {
        return new ChannelRules(255, withoutNamespace, Map.of());
    }

    /** The options of this channel's namespace, empty when the namespace is not configured. */
    public Optional<ChannelOptions> optionsFor(String channel) {
        String ns = namespaceOf(channel);
        ChannelOptions o = ns.isEmpty() ? withoutNamespace : namespaces.getOrDefault(ns, unlisted);
        if (o == null) return Optional.empty();
        ChannelKind kind = kindOf(channel);
        return Optional.of(kind == null ? o : kind.adjust().apply(o));
    }

    /** The kind whose prefix names this channel (after its namespace), or null. */
    public ChannelKind kindOf(String channel) {
        if (kinds.isEmpty()) return null;
        int start = channel.startsWith(PRIVATE_PREFIX) ? 1 : 0;
        int idx = channel.indexOf(NAMESPACE_BOUNDARY, start);
        if (idx >= 0) start = idx + 1;
        ChannelKind best = null;
        for (ChannelKind k : kinds) {
            if (channel.startsWith(k.prefix(), start) && (best == null || k.prefix().length() > best.prefix().length())) best = k;
        }
        return best;
    }

    /** Whether subscribers need a grant (a subscription token): {@code $} channels and private kinds. */
    public boolean privateByName(String channel) {
        if (isPrivate(channel)) return true;
        ChannelKind kind = kindOf(channel);
        return kind != null && kind.privateByName();
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
