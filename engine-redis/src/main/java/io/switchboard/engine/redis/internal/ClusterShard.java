package io.switchboard.engine.redis.internal;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A whole Redis Cluster as one shard: commands go to the node serving their first key's slot (a channel's
 * keys share one through their hash tag), publications go out with SPUBLISH and a node listens with
 * SSUBSCRIBE, so a message travels only within the shard that owns the channel rather than over the whole
 * cluster bus. The topology is re-read periodically and on MOVED/ASK/reconnects; while a node is away its
 * commands fail at once; node connections come back on their own, and after a reconnect, a topology change
 * or a slot move every wanted channel is subscribed again at its slot's master.
 */
public final class ClusterShard implements Shard {
    private static final Logger log = LoggerFactory.getLogger(ClusterShard.class);
    private static final byte[] SPUBLISH = "spublish".getBytes(StandardCharsets.US_ASCII);
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(15);
    /** At most one refresh per this on MOVED, ASK or failing reconnects (Lettuce's default of 30 s is a long outage). */
    private static final Duration ADAPTIVE_REFRESH_SPACING = Duration.ofSeconds(2);
    private static final int RENEW_ATTEMPTS = 30;
    private static final Duration RENEW_RETRY = Duration.ofSeconds(1);
    private static final Duration RENEW_GATHER = Duration.ofMillis(100);

    private final RedisClusterClient client;
    private final ClientResources resources;
    private final StatefulRedisClusterConnection<byte[], byte[]> connection;
    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub;
    private final Subscriptions subscriptions;
    private final RedisKeys keys;
    private final List<byte[]> rawNames = new CopyOnWriteArrayList<>();
    private final AtomicBoolean renewPending = new AtomicBoolean();
    private volatile Disposable renewTriggers;
    private volatile boolean closed;

    private ClusterShard(RedisClusterClient client, ClientResources resources,
                         StatefulRedisClusterConnection<byte[], byte[]> connection,
                         StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub, RedisKeys keys) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.pubSub = pubSub;
        this.keys = keys;
        this.subscriptions = new Subscriptions(
                channel -> pubSub.async().ssubscribe(keys.pubSub(channel)).toCompletableFuture(),
                channel -> pubSub.async().sunsubscribe(keys.pubSub(channel)).toCompletableFuture());
    }

    /**
     * @param seeds     some of the cluster's nodes; the rest are found from them
     * @param onMessage gets each PUB/SUB message (channel name, payload), in order per channel, on Lettuce's I/O threads
     */
    public static ClusterShard connect(List<RedisURI> seeds, ClientResources resources, Duration commandTimeout,
                                       SslOptions ssl, RedisKeys keys, BiConsumer<byte[], byte[]> onMessage) {
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        if (ssl != null) options.sslOptions(ssl);
        client.setOptions(options
                .autoReconnect(true)
                .disconnectedBehavior(ClusterClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_SPACING)
                        .build())
                .build());
        StatefulRedisClusterConnection<byte[], byte[]> connection = null;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub = client.connectPubSub(ByteArrayCodec.INSTANCE);
            ClusterShard shard = new ClusterShard(client, resources, connection, pubSub, keys);
            pubSub.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
                    onMessage.accept(channel, message);
                }

                @Override
                public void sunsubscribed(RedisClusterNode node, byte[] channel, long count) {
                    shard.resubscribeIfStillWanted(channel);
                }
            });
            shard.openToMasters().get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            shard.renewTriggers = resources.eventBus().get()
                    .filter(e -> e instanceof ClusterTopologyChangedEvent || e instanceof ConnectionActivatedEvent)
                    .subscribe(e -> shard.renewSoon());
            return shard;
        } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
            if (connection != null) connection.close();
            client.shutdown();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            if (e instanceof RuntimeException r) throw r;
            throw new RedisConnectionException("could not reach every master of the cluster", e);
        }
    }

    /**
     * Opens the command and PUB/SUB connections to every master now: with commands rejected while
     * disconnected, Lettuce also rejects a command whose node connection is still being opened, which
     * would otherwise fail the first command to each node (and to each node a topology change brings).
     */
    private CompletableFuture<Void> openToMasters() {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM) || node.is(RedisClusterNode.NodeFlag.FAIL)
                    || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
                continue;
            }
            RedisURI uri = node.getUri();
            opening.add(connection.getConnectionAsync(uri.getHost(), uri.getPort()));
            opening.add(pubSub.getConnectionAsync(uri.getHost(), uri.getPort()));
        }
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
    }

    /**
     * A node that hands a slot to another drops the SSUBSCRIBEs of its channels (our own SUNSUBSCRIBE is
     * confirmed the same way, after the channel left the counts). Subscribing again reaches the new owner:
     * the MOVED answer redirects the command and makes Lettuce re-read the topology. Publications between
     * the two are caught by the core's position check.
     */
    private void resubscribeIfStillWanted(byte[] pubSubName) {
        for (byte[] raw : rawNames) {
            if (Arrays.equals(raw, pubSubName)) {
                retrying(() -> pubSub.async().ssubscribe(raw).toCompletableFuture(), 0);
                return;
            }
        }
        String channel = keys.channelOf(pubSubName);
        if (channel != null) retrying(() -> subscriptions.renew(channel), 0);
    }

    /**
     * Subscribes again to every wanted channel, one SSUBSCRIBE each, at its slot's master now (a repeated
     * SSUBSCRIBE on a node that has it already changes nothing). Needed after a topology change: a master that
     * failed over took its channels' subscriptions along, and no SUNSUBSCRIBE told of it. And after a
     * reconnect: Lettuce subscribes a node connection again with all its channels in one SSUBSCRIBE, which
     * the node refuses (CROSSSLOT) once they span slots.
     */
    private void renewSoon() {
        // several connections come back at once after an outage: one round of SSUBSCRIBEs serves them all
        if (renewPending.compareAndSet(false, true)) {
            resources.eventExecutorGroup().schedule(() -> {
                renewPending.set(false);
                if (!closed) renewAll();
            }, RENEW_GATHER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void renewAll() {
        openToMasters().handle((ok, e) -> {
            for (String channel : subscriptions.wanted()) retrying(() -> subscriptions.renew(channel), 0);
            for (byte[] raw : rawNames) retrying(() -> pubSub.async().ssubscribe(raw).toCompletableFuture(), 0);
            return null;
        });
    }

    /** @param renewal subscribes once more, or answers null when the channel is no longer wanted */
    private void retrying(Supplier<CompletableFuture<Void>> renewal, int failures) {
        CompletableFuture<Void> f = renewal.get();
        if (f == null) return;
        f.whenComplete((ok, e) -> {
            if (e == null || closed) return;
            if (failures + 1 >= RENEW_ATTEMPTS) {
                log.warn("gave up subscribing again after {} attempts: {}", RENEW_ATTEMPTS, e.getMessage());
                return;
            }
            resources.eventExecutorGroup().schedule(() -> retrying(renewal, failures + 1), RENEW_RETRY.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return connection.async();
    }

    @Override
    public byte[] publishCommand() {
        return SPUBLISH;
    }

    @Override
    public CompletableFuture<Long> publish(byte[] pubSubName, byte[] message) {
        return connection.async().spublish(pubSubName, message).toCompletableFuture();
    }

    /** Sharded too (its name carries a hash tag), and subscribed again like a channel when its slot moves. */
    @Override
    public CompletableFuture<Void> subscribeRaw(byte[] name) {
        rawNames.add(name.clone());
        return pubSub.async().ssubscribe(name).toCompletableFuture();
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
        closed = true;
        if (renewTriggers != null) renewTriggers.dispose();
        pubSub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
