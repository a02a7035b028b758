package io.switchboard.engine.redis.internal;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.concurrent.CompletableFuture;

/**
 * Where a channel's keys and PUB/SUB live: one standalone Redis ({@link StandaloneShard}) or a whole Redis
 * Cluster ({@link ClusterShard}, which routes each command to its key's slot and uses sharded PUB/SUB).
 */
public interface Shard extends AutoCloseable {
    /** Commands (pipelined: every caller's commands share the connection); scripts and DEL go here. */
    RedisClusterAsyncCommands<byte[], byte[]> commands();

    /** The command that publishes to a channel's PUB/SUB name: {@code publish}, or {@code spublish} on a cluster. */
    byte[] publishCommand();

    /** Publishes to a channel's PUB/SUB name with {@link #publishCommand}. */
    CompletableFuture<Long> publish(byte[] pubSubName, byte[] message);

    /** Subscribes to a PUB/SUB channel of the engine's own (not an application channel), for good. */
    CompletableFuture<Void> subscribeRaw(byte[] name);

    /** Counted per channel: the first call subscribes, see {@link Subscriptions}. */
    CompletableFuture<Void> subscribe(String channel);

    CompletableFuture<Void> unsubscribe(String channel);

    @Override
    void close();
}
