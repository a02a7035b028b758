package io.switchboard.engine.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One Redis instance: a connection for commands (pipelined: every caller's commands share it) and one
 * for PUB/SUB. While Redis is away, commands fail at once instead of queueing; both connections come
 * back on their own, and the PUB/SUB one subscribes again to what it had.
 */
public final class StandaloneShard implements Shard {
    private static final byte[] PUBLISH = "publish".getBytes(StandardCharsets.US_ASCII);

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
    private final Subscriptions subscriptions;

    private StandaloneShard(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection,
                            StatefulRedisPubSubConnection<byte[], byte[]> pubSub, RedisKeys keys) {
        this.client = client;
        this.connection = connection;
        this.pubSub = pubSub;
        this.subscriptions = new Subscriptions(
                channel -> pubSub.async().subscribe(keys.pubSub(channel)).toCompletableFuture(),
                channel -> pubSub.async().unsubscribe(keys.pubSub(channel)).toCompletableFuture());
    }

    /**
     * @param ssl       how TLS connections check the server, null for the JVM's defaults
     * @param onMessage gets each PUB/SUB message (channel name, payload), in order, on Lettuce's I/O thread
     */
    public static StandaloneShard connect(RedisURI uri, ClientResources resources, Duration commandTimeout,
                                          SslOptions ssl, RedisKeys keys, BiConsumer<byte[], byte[]> onMessage) {
        RedisClient client = RedisClient.create(resources, uri);
        ClientOptions.Builder options = ClientOptions.builder();
        if (ssl != null) options.sslOptions(ssl);
        client.setOptions(options
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        StatefulRedisConnection<byte[], byte[]> connection = null;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisPubSubConnection<byte[], byte[]> pubSub = client.connectPubSub(ByteArrayCodec.INSTANCE);
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    onMessage.accept(channel, message);
                }
            });
            return new StandaloneShard(client, connection, pubSub, keys);
        } catch (RuntimeException e) {
            if (connection != null) connection.close();
            client.shutdown();
            throw e;
        }
    }

    @Override
    public RedisAsyncCommands<byte[], byte[]> commands() {
        return connection.async();
    }

    @Override
    public byte[] publishCommand() {
        return PUBLISH;
    }

    @Override
    public CompletableFuture<Long> publish(byte[] pubSubName, byte[] message) {
        return connection.async().publish(pubSubName, message).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> subscribeRaw(byte[] name) {
        return pubSub.async().subscribe(name).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return subscriptions.add(channel);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return subscriptions.remove(channel);
    }

    @Override
    public void close() {
        pubSub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
