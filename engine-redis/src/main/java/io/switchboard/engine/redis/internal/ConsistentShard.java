package io.switchboard.engine.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * Which of n independent Redis instances holds a channel: jump consistent hash of the channel's FNV-1a
 * 64-bit hash, as Centrifugo picks its shard, so both place a channel on the same instance of one list.
 */
public final class ConsistentShard {
    private ConsistentShard() {
    }

    public static int of(String channel, int shards) {
        if (shards <= 1) return 0;
        return jump(fnv1a64(channel.getBytes(StandardCharsets.UTF_8)), shards);
    }

    static long fnv1a64(byte[] data) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : data) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** Lamping and Veach's jump consistent hash. */
    static int jump(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
