package io.switchboard.engine.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.switchboard.core.Broker;
import io.switchboard.core.MapBroker;
import io.switchboard.core.MapOptions;
import io.switchboard.core.BrokerEventHandler;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.EngineUnavailableException;
import io.switchboard.core.Epochs;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.HistoryStore;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.PresenceStore;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.engine.redis.internal.ClusterShard;
import io.switchboard.engine.redis.internal.ConsistentShard;
import io.switchboard.engine.redis.internal.ControlCodec;
import io.switchboard.engine.redis.internal.PubSubMessage;
import io.switchboard.engine.redis.internal.PublicationCodec;
import io.switchboard.engine.redis.internal.RedisKeys;
import io.switchboard.engine.redis.internal.RedisReplies;
import io.switchboard.engine.redis.internal.Script;
import io.switchboard.engine.redis.internal.Shard;
import io.switchboard.engine.redis.internal.StandaloneShard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Broker, history and presence shared by every node on the same Redis, in Centrifugo's key layout.
 * A publish with history runs one script that appends to the channel's stream and publishes, so offsets
 * and delivery order agree on every node; a node gets its own publications back through PUB/SUB like any
 * other. Presence entries expire unless their node refreshes them, so a crashed node's connections leave
 * within the presence TTL.
 */
public final class RedisEngine implements Broker, HistoryStore, PresenceStore {
    private static final Logger log = LoggerFactory.getLogger(RedisEngine.class);
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};

    private final RedisSettings settings;
    private final RedisKeys keys;
    private final ClientResources resources;
    private final List<Shard> shards;
    private final LongSupplier clock;
    private final int maxHistoryRead;
    private final ScheduledExecutorService refresher;
    private final Map<PresenceKey, byte[]> localPresence = new ConcurrentHashMap<>();
    /** Channels this node occupies, by the node id it occupies them as, refreshed with presence. */
    private final Map<String, String> localOccupancy = new ConcurrentHashMap<>();
    private final byte[] control;
    private volatile BrokerEventHandler handler;

    private record PresenceKey(String channel, String clientId) {
    }

    private RedisEngine(RedisSettings settings, LongSupplier clock, int maxHistoryRead) {
        this.settings = settings;
        this.keys = new RedisKeys(settings.prefix(), settings.isCluster());
        this.clock = clock;
        this.maxHistoryRead = maxHistoryRead;
        this.resources = DefaultClientResources.create();
        List<Shard> connected = new ArrayList<>();
        try {
            for (String cluster : settings.clusterAddresses()) {
                try {
                    List<RedisURI> seeds = Arrays.stream(cluster.split(",")).map(String::trim)
                            .map(a -> uri(a, settings)).toList();
                    connected.add(ClusterShard.connect(seeds, resources, settings.commandTimeout(), ssl(settings),
                            keys, this::onMessage));
                } catch (io.lettuce.core.RedisException e) {
                    throw new RedisUnavailableException("cluster " + cluster, e);
                }
            }
            for (String address : settings.addresses()) {
                try {
                    connected.add(StandaloneShard.connect(uri(address, settings), resources, settings.commandTimeout(),
                            ssl(settings), keys, this::onMessage));
                } catch (io.lettuce.core.RedisException e) {
                    throw new RedisUnavailableException(address, e);
                }
            }
        } catch (RuntimeException e) {
            connected.forEach(Shard::close);
            resources.shutdown();
            throw e;
        }
        this.shards = List.copyOf(connected);
        this.control = keys.control();
        try {
            shards.get(0).subscribeRaw(control).get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            shards.forEach(Shard::close);
            resources.shutdown();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new RedisUnavailableException(settings.isCluster()
                    ? "cluster " + settings.clusterAddresses().get(0) : settings.addresses().get(0), e);
        }
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-redis-presence");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, settings.presenceTtl().toMillis() / 3);
        refresher.scheduleWithFixedDelay(this::refreshPresence, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to every address of the settings, or to the Redis Cluster they name.
     *
     * @throws RedisUnavailableException when one cannot be reached
     *
     * @param maxHistoryRead the most publications one history read returns
     */
    public static RedisEngine connect(RedisSettings settings, LongSupplier clock, int maxHistoryRead) {
        return new RedisEngine(settings, clock, maxHistoryRead);
    }

    private Shard shard(String channel) {
        return shards.get(ConsistentShard.of(channel, shards.size()));
    }

    /**
     * Map channels kept in this Redis, shared with every node using it (centrifuge's map broker layout, see
     * {@link RedisMapBroker}); their changes arrive through this engine's PUB/SUB subscriptions.
     *
     * @param optionsOf       a channel's map options, for the expiry rounds
     * @param cleanupInterval how often expired entries are removed (zero or negative: never)
     */
    public MapBroker maps(Function<String, Optional<MapOptions>> optionsOf, Duration cleanupInterval) {
        if (settings.isCluster()) {
            throw new IllegalArgumentException("map_broker.type redis is not served on a Redis Cluster yet");
        }
        return new RedisMapBroker(shards, settings.prefix(), clock, settings.commandTimeout(), optionsOf, cleanupInterval);
    }

    // --- broker ---------------------------------------------------------------------------------------

    @Override
    public void start(BrokerEventHandler eventHandler) {
        this.handler = eventHandler;
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, Publication publication, HistoryOptions history,
                                                     boolean withPrevious) {
        Shard shard = shard(channel);
        byte[] payload = PublicationCodec.encode(publication);
        if (!history.enabled()) {
            return reachable(shard.publish(keys.pubSub(channel), payload).thenApply(receivers -> StreamPosition.NONE));
        }
        long ttl = history.ttl().toMillis();
        long metaTtl = history.metaTtl().isZero() ? 0 : Math.max(history.metaTtl().toMillis(), ttl);
        return reachable(Script.HISTORY_ADD.<List<Object>>run(shard.commands(), ScriptOutputType.MULTI,
                        new byte[][] {keys.stream(channel), keys.streamMeta(channel)},
                        payload, bytes(history.size()), bytes(ttl), bytes(metaTtl), bytes(Epochs.next()),
                        keys.pubSub(channel), withPrevious ? ONE : ZERO, shard.publishCommand())
                .thenApply(r -> new StreamPosition(RedisReplies.number(r.get(0)), RedisReplies.text(r.get(1)))));
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
        return shard(channel).publish(keys.pubSub(channel), PubSubMessage.join(info)).thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
        return shard(channel).publish(keys.pubSub(channel), PubSubMessage.leave(info)).thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Boolean> occupy(String channel, String nodeUid) {
        localOccupancy.put(channel, nodeUid);
        return occupancy(channel, nodeUid, true);
    }

    @Override
    public CompletableFuture<Boolean> vacate(String channel, String nodeUid) {
        localOccupancy.remove(channel, nodeUid);
        return occupancy(channel, nodeUid, false);
    }

    private CompletableFuture<Boolean> occupancy(String channel, String nodeUid, boolean add) {
        long ttlSeconds = ttlSeconds();
        long now = clock.getAsLong() / 1000;
        return Script.OCCUPANCY.<Long>run(shard(channel).commands(), ScriptOutputType.INTEGER,
                        new byte[][] {keys.occupancy(channel)}, bytes(nodeUid), add ? ONE : ZERO,
                        bytes(now + ttlSeconds), bytes(now), bytes(ttlSeconds))
                .thenApply(r -> r == 1L);
    }

    /**
     * Control commands go through the first address's Redis (or the first cluster), which every node subscribes
     * to at start. On a cluster they take a sharded channel, as publications do: a plain PUBLISH would cross
     * every cluster node, and a plain subscription would stay with the node it was made on, lost if that one
     * fails over, while a sharded one follows its slot.
     */
    @Override
    public CompletableFuture<Void> publishControl(ControlCommand command) {
        return shards.get(0).publish(control, ControlCodec.encode(command))
                .thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return shard(channel).subscribe(channel);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return shard(channel).unsubscribe(channel);
    }

    private void onMessage(byte[] pubSubChannel, byte[] payload) {
        BrokerEventHandler h = handler;
        if (h != null && Arrays.equals(pubSubChannel, control)) {
            ControlCommand command;
            try {
                command = ControlCodec.decode(payload);
            } catch (RuntimeException e) {
                log.warn("dropped a control message that is in no known form: {}", e.getMessage());
                return;
            }
            h.onControl(command);
            return;
        }
        String channel = keys.channelOf(pubSubChannel);
        if (h == null || channel == null) return;
        PubSubMessage message;
        try {
            message = PubSubMessage.parse(payload);
        } catch (RuntimeException e) {
            log.warn("dropped a PUB/SUB message on {} that is in no known form: {}", channel, e.getMessage());
            return;
        }
        if (message instanceof PubSubMessage.Pub p) {
            h.onPublication(channel, p.publication(), p.position(), p.previous());
        } else if (message instanceof PubSubMessage.Join j) {
            h.onJoin(channel, j.info());
        } else if (message instanceof PubSubMessage.Leave l) {
            h.onLeave(channel, l.info());
        }
    }

    // --- history --------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<HistoryResult> history(String channel, HistoryFilter filter, HistoryOptions options) {
        int limit = filter.limit() < 0 ? maxHistoryRead : Math.min(filter.limit(), maxHistoryRead);
        String since = filter.since() == null ? "" : Long.toString(filter.since().offset());
        return reachable(Script.HISTORY_READ.<List<Object>>run(shard(channel).commands(), ScriptOutputType.MULTI,
                        new byte[][] {keys.stream(channel), keys.streamMeta(channel)},
                        bytes(Epochs.next()), bytes(options.metaTtl().toMillis()), bytes(limit), bytes(since),
                        filter.reverse() ? ONE : ZERO)
                .thenApply(r -> new HistoryResult(
                        new StreamPosition(RedisReplies.number(r.get(0)), RedisReplies.text(r.get(1))),
                        RedisReplies.publications(r.get(2)))));
    }

    @Override
    public CompletableFuture<Void> removeHistory(String channel) {
        return shard(channel).commands().del(keys.stream(channel)).toCompletableFuture().thenApply(n -> null);
    }

    // --- presence -------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> addPresence(String channel, String clientId, ClientInfo info) {
        byte[] encoded = PublicationCodec.encode(info);
        localPresence.put(new PresenceKey(channel, clientId), encoded);
        return writePresence(channel, clientId, encoded);
    }

    private long ttlSeconds() {
        return Math.max(1, (settings.presenceTtl().toMillis() + 999) / 1000);
    }

    private CompletableFuture<Void> writePresence(String channel, String clientId, byte[] encoded) {
        long ttlSeconds = ttlSeconds();
        long expireAt = clock.getAsLong() / 1000 + ttlSeconds;
        return Script.PRESENCE_ADD.<Long>run(shard(channel).commands(), ScriptOutputType.INTEGER,
                        new byte[][] {keys.presenceData(channel), keys.presenceExpire(channel)},
                        bytes(clientId), encoded, bytes(expireAt), bytes(ttlSeconds))
                .thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> removePresence(String channel, String clientId) {
        localPresence.remove(new PresenceKey(channel, clientId));
        return Script.PRESENCE_REMOVE.<Long>run(shard(channel).commands(), ScriptOutputType.INTEGER,
                        new byte[][] {keys.presenceData(channel), keys.presenceExpire(channel)}, bytes(clientId))
                .thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Map<String, ClientInfo>> presence(String channel) {
        return reachable(Script.PRESENCE_GET.<List<Object>>run(shard(channel).commands(), ScriptOutputType.MULTI,
                        new byte[][] {keys.presenceData(channel), keys.presenceExpire(channel)},
                        bytes(clock.getAsLong() / 1000))
                .thenApply(r -> {
                    Map<String, ClientInfo> out = new LinkedHashMap<>();
                    RedisReplies.hash(r).forEach((client, info) -> out.put(client, PublicationCodec.decodeInfo(info)));
                    return out;
                }));
    }

    @Override
    public CompletableFuture<PresenceStats> presenceStats(String channel) {
        return presence(channel).thenApply(members -> {
            Set<String> users = new HashSet<>();
            members.values().forEach(info -> users.add(info.user()));
            return new PresenceStats(members.size(), users.size());
        });
    }

    /**
     * Re-adds this node's connections and occupied channels, pipelined; a failure waits for the next round
     * (Redis may be away).
     */
    private void refreshPresence() {
        localPresence.forEach((key, info) -> writePresence(key.channel(), key.clientId(), info)
                .exceptionally(e -> null));
        localOccupancy.forEach((channel, node) -> occupancy(channel, node, true).exceptionally(e -> false));
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        shards.forEach(Shard::close);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Redis being away fails a call as {@link EngineUnavailableException}: a state, not a bug to trace. */
    static <T> CompletableFuture<T> reachable(CompletableFuture<T> call) {
        return call.handle((value, error) -> {
            if (error == null) return CompletableFuture.completedFuture(value);
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean away = cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException
                    || cause instanceof RedisException && String.valueOf(cause.getMessage()).startsWith("Currently not connected");
            return CompletableFuture.<T>failedFuture(away
                    ? new EngineUnavailableException("Redis is unreachable: " + cause.getMessage(), cause) : cause);
        }).thenCompose(f -> f);
    }

    /** The CA file's certificates as the only ones trusted, when one is given. */
    private static SslOptions ssl(RedisSettings s) {
        String ca = s.tls().serverCaPemFile();
        return ca == null ? null : SslOptions.builder().trustManager(new File(ca)).build();
    }

    private static RedisURI uri(String address, RedisSettings s) {
        RedisURI uri;
        if (address.contains("://")) {
            uri = RedisURI.create(address);
        } else {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("Redis address " + address + " is not host:port");
            uri = RedisURI.create(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        }
        // set on the parsed URI: a builder copied from it would drop a sentinel URI's sentinels
        uri.setTimeout(s.commandTimeout());
        if (s.password() != null && !s.password().isEmpty()) {
            if (s.user() != null && !s.user().isEmpty()) uri.setAuthentication(s.user(), s.password());
            else uri.setAuthentication(s.password());
        }
        if (s.database() != 0 && !s.isCluster()) uri.setDatabase(s.database());
        if (s.tls().enabled()) uri.setSsl(true);
        if (s.tls().insecureSkipVerify()) uri.setVerifyPeer(false);
        return uri;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
