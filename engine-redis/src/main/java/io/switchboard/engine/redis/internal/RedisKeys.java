package io.switchboard.engine.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * Key and PUB/SUB channel names, as Centrifugo names them under a prefix P: {@code P.client.<ch>},
 * {@code P.stream.<ch>}, {@code P.stream.meta.<ch>}, {@code P.presence.data.<ch>}, {@code P.presence.expire.<ch>}.
 * For Redis Cluster the channel is wrapped in a hash tag ({@code {<ch>}}) so all of a channel's keys share a slot.
 */
public final class RedisKeys {
    private final String prefix;
    private final boolean hashTags;
    private final String clientPrefix;

    public RedisKeys(String prefix, boolean hashTags) {
        this.prefix = prefix;
        this.hashTags = hashTags;
        this.clientPrefix = prefix + ".client.";
    }

    /**
     * Where nodes send each other control commands (not Centrifugo's {@code P.control}: ours differ); on a
     * cluster {@code P.switchboard.{control}}, a sharded channel of one slot.
     */
    public byte[] control() {
        return (prefix + (hashTags ? ".switchboard.{control}" : ".switchboard.control")).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] pubSub(String channel) {
        return key("client", channel);
    }

    public byte[] stream(String channel) {
        return key("stream", channel);
    }

    public byte[] streamMeta(String channel) {
        return key("stream.meta", channel);
    }

    public byte[] presenceData(String channel) {
        return key("presence.data", channel);
    }

    public byte[] presenceExpire(String channel) {
        return key("presence.expire", channel);
    }

    /** Which nodes have subscribers of the channel (ours: Centrifugo keeps no such key). */
    public byte[] occupancy(String channel) {
        return key("switchboard.occupancy", channel);
    }

    /** The application channel a PUB/SUB channel name carries, or null for a name not ours. */
    public String channelOf(byte[] pubSubName) {
        String name = new String(pubSubName, StandardCharsets.UTF_8);
        if (!name.startsWith(clientPrefix)) return null;
        String channel = name.substring(clientPrefix.length());
        if (!hashTags) return channel;
        return channel.length() >= 2 && channel.startsWith("{") && channel.endsWith("}")
                ? channel.substring(1, channel.length() - 1) : null;
    }

    private byte[] key(String kind, String channel) {
        String ch = hashTags ? "{" + channel + "}" : channel;
        return (prefix + "." + kind + "." + ch).getBytes(StandardCharsets.UTF_8);
    }
}
