package io.switchboard.engine.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Epochs;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.MapBroker;
import io.switchboard.core.MapOptions;
import io.switchboard.core.Publication;
import io.switchboard.core.RecoveryResult;
import io.switchboard.core.StreamPosition;
import io.switchboard.engine.redis.internal.ConsistentShard;
import io.switchboard.engine.redis.internal.PublicationCodec;
import io.switchboard.engine.redis.internal.RedisReplies;
import io.switchboard.engine.redis.internal.Script;
import io.switchboard.engine.redis.internal.Shard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Map channels in Redis, in centrifuge's map broker layout under the engine's prefix P: {@code P:state:<ch>} (hash
 * key → {@code <offset>:<epoch>:<Publication>}), {@code P:state:expire:<ch>} (zset key → expiry ms),
 * {@code P:state:meta:<ch>} (hash {@code epoch}, {@code updated_at}), {@code P:meta:<ch>} (hash {@code e}/{@code s}),
 * {@code P:stream:<ch>} (entries {@code <offset>-0} with {@code e} and {@code d}) and {@code P:cleanup:channels}
 * (zset channel → its earliest expiry). A change is one Lua script that writes state and stream and publishes
 * on {@code P.client.<ch>}, where the engine's own PUB/SUB subscription of the channel hands it to the hub. Every
 * node runs the expiry rounds; the script removes an entry once, so a removal is published once.
 */
public final class RedisMapBroker implements MapBroker {
    private static final Logger log = LoggerFactory.getLogger(RedisMapBroker.class);
    private static final int CLEANUP_BATCH = 100;

    private final List<Shard> shards;
    private final String prefix;
    private final LongSupplier clock;
    private final Function<String, Optional<MapOptions>> optionsOf;
    private final Duration commandTimeout;
    private final ScheduledExecutorService cleanup;

    RedisMapBroker(List<Shard> shards, String prefix, LongSupplier clock, Duration commandTimeout,
                   Function<String, Optional<MapOptions>> optionsOf, Duration cleanupInterval) {
        this.shards = shards;
        this.prefix = prefix;
        this.clock = clock;
        this.commandTimeout = commandTimeout;
        this.optionsOf = optionsOf;
        this.cleanup = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-redis-map-cleanup");
            t.setDaemon(true);
            return t;
        });
        if (!cleanupInterval.isNegative() && !cleanupInterval.isZero()) {
            long every = cleanupInterval.toMillis();
            cleanup.scheduleWithFixedDelay(this::cleanupRound, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private Shard shard(String channel) {
        return shards.get(ConsistentShard.of(channel, shards.size()));
    }

    private byte[] key(String infix, String channel) {
        return bytes(prefix + infix + channel);
    }

    private byte[] cleanupKey() {
        return bytes(prefix + ":cleanup:channels");
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, MapOptions o, String key, byte[] data,
                                                     ClientInfo info, Map<String, String> tags, boolean removed) {
        long now = clock.getAsLong();
        Publication change = new Publication(0, removed || data == null ? new byte[0] : data, info, tags, now, null,
                key, removed);
        return change(channel, o, change, now, "");
    }

    private CompletableFuture<StreamPosition> change(String channel, MapOptions o, Publication change, long now,
                                                     String expectedScore) {
        Shard shard = shard(channel);
        boolean streamless = !o.mode().hasStream();
        long keyTtl = o.mode().expires() ? o.keyTtl().toMillis() : 0;
        return RedisEngine.reachable(Script.MAP_PUBLISH.<List<Object>>run(shard.commands(), ScriptOutputType.MULTI,
                        new byte[][] {key(":stream:", channel), key(":meta:", channel), key(":state:", channel),
                                key(":state:expire:", channel), key(":state:meta:", channel), cleanupKey()},
                        bytes(change.key()), PublicationCodec.encode(change), number(o.streamSize()),
                        number(o.streamTtl().toMillis()), bytes(prefix + ".client." + channel), bytes(Epochs.next()),
                        shard.publishCommand(), change.removed() ? ONE : ZERO, number(keyTtl), bytes(channel),
                        number(now), ONE, streamless ? ONE : ZERO, ZERO, bytes(expectedScore))
                .thenApply(r -> new StreamPosition(RedisReplies.number(r.get(0)), RedisReplies.text(r.get(1)))));
    }

    @Override
    public CompletableFuture<Void> touch(String channel, MapOptions o, String key, Duration ttl) {
        return RedisEngine.reachable(Script.MAP_TOUCH.<Long>run(shard(channel).commands(), ScriptOutputType.INTEGER,
                new byte[][] {key(":state:expire:", channel), cleanupKey()},
                bytes(key), number(clock.getAsLong() + ttl.toMillis()), bytes(channel)).thenApply(n -> null));
    }

    @Override
    public CompletableFuture<State> state(String channel, MapOptions o) {
        return RedisEngine.reachable(Script.MAP_STATE.<List<Object>>run(shard(channel).commands(), ScriptOutputType.MULTI,
                        new byte[][] {key(":state:", channel), key(":meta:", channel), key(":state:meta:", channel)},
                        o.mode().hasStream() ? ZERO : ONE, bytes(Epochs.next()), ZERO)
                .thenApply(r -> {
                    StreamPosition at = new StreamPosition(RedisReplies.number(r.get(0)), RedisReplies.text(r.get(1)));
                    List<Publication> entries = new ArrayList<>();
                    for (byte[] value : RedisReplies.hash(r.get(2)).values()) entries.add(stateEntry(value));
                    entries.sort(Comparator.comparingLong(Publication::offset)); // the newest change last
                    return new State(List.copyOf(entries), at);
                }));
    }

    @Override
    public CompletableFuture<RecoveryResult> since(String channel, MapOptions o, StreamPosition since) {
        return readStream(channel, number(since.offset() + 1), 0, false)
                .thenApply(r -> {
                    StreamPosition top = new StreamPosition(RedisReplies.number(r.get(0)), RedisReplies.text(r.get(1)));
                    boolean sameEpoch = since.epoch().isEmpty() || since.epoch().equals(top.epoch());
                    if (!sameEpoch || since.offset() > top.offset()) return new RecoveryResult(top, false, List.of());
                    if (since.offset() == top.offset()) return new RecoveryResult(top, true, List.of());
                    List<Publication> changes = RedisReplies.publications(r.get(2));
                    if (changes.isEmpty() || changes.get(0).offset() != since.offset() + 1) {
                        return new RecoveryResult(top, false, List.of()); // trimmed or expired meanwhile
                    }
                    return new RecoveryResult(top, true, changes);
                });
    }

    @Override
    public CompletableFuture<HistoryResult> stream(String channel, MapOptions o, long sinceOffset, int limit,
                                                   boolean reverse) {
        byte[] from = reverse ? (sinceOffset == 0 ? bytes("+") : number(sinceOffset - 1)) : number(sinceOffset + 1);
        return readStream(channel, from, Math.max(limit, 0), reverse)
                .thenApply(r -> new HistoryResult(position(r), RedisReplies.publications(r.get(2))));
    }

    private CompletableFuture<List<Object>> readStream(String channel, byte[] from, int limit, boolean reverse) {
        return RedisEngine.reachable(Script.MAP_STREAM.<List<Object>>run(shard(channel).commands(), ScriptOutputType.MULTI,
                new byte[][] {key(":stream:", channel), key(":meta:", channel)},
                from, bytes(Epochs.next()), ZERO, reverse ? ONE : ZERO, number(limit)));
    }

    private static StreamPosition position(List<Object> reply) {
        return new StreamPosition(RedisReplies.number(reply.get(0)), RedisReplies.text(reply.get(1)));
    }

    @Override
    public CompletableFuture<Void> clear(String channel, MapOptions o) {
        Shard shard = shard(channel);
        CompletableFuture<Long> keys = shard.commands().del(key(":stream:", channel), key(":meta:", channel),
                key(":state:", channel), key(":state:expire:", channel), key(":state:meta:", channel)).toCompletableFuture();
        CompletableFuture<Long> scheduled = shard.commands().zrem(cleanupKey(), bytes(channel)).toCompletableFuture();
        return RedisEngine.reachable(CompletableFuture.allOf(keys, scheduled));
    }

    /** A state hash value: {@code <offset>:<epoch>:<Publication>}. */
    private static Publication stateEntry(byte[] value) {
        int first = indexOf(value, 0);
        int second = indexOf(value, first + 1);
        long offset = Long.parseLong(new String(value, 0, first, StandardCharsets.US_ASCII));
        return PublicationCodec.decodePublication(value, second + 1, value.length, offset);
    }

    private static int indexOf(byte[] value, int from) {
        for (int i = from; i < value.length; i++) if (value[i] == ':') return i;
        throw new IllegalStateException("a map state value without its offset and epoch");
    }

    // --- expiry ---------------------------------------------------------------------------------------

    /** Removes the entries whose time has come, in each channel that has some, publishing each removal. */
    void cleanupRound() {
        long now = clock.getAsLong();
        for (Shard shard : shards) {
            try {
                List<byte[]> due = await(shard.commands().zrangebyscore(cleanupKey(), Range.create(0, (double) now),
                        Limit.create(0, CLEANUP_BATCH)).toCompletableFuture());
                for (byte[] name : due) expireChannel(new String(name, StandardCharsets.UTF_8), now);
            } catch (RuntimeException e) {
                log.warn("map expiry round failed: {}", e.getMessage());
            }
        }
    }

    private void expireChannel(String channel, long now) {
        Optional<MapOptions> o = optionsOf.apply(channel);
        if (o.isEmpty() || !o.get().mode().expires()) return; // not a map this node knows: another node's to do
        Shard shard = shard(channel);
        List<ScoredValue<byte[]>> expired = await(shard.commands().zrangebyscoreWithScores(key(":state:expire:", channel),
                Range.create(0, (double) now), Limit.create(0, CLEANUP_BATCH)).toCompletableFuture());
        for (ScoredValue<byte[]> e : expired) {
            await(removeExpired(channel, o.get(), new String(e.getValue(), StandardCharsets.UTF_8), e.getScore(), now));
        }
        await(touch(channel, o.get(), "", Duration.ZERO)); // the channel's next expiry, or none
    }

    /** Removes an entry the round found expired at {@code score}, unless it was kept alive since. */
    CompletableFuture<StreamPosition> removeExpired(String channel, MapOptions o, String key, double score, long now) {
        Publication removal = new Publication(0, new byte[0], null, Map.of(), now, null, key, true);
        return change(channel, o, removal, now, score(score));
    }

    /** A score as Redis prints it, so the script can compare it: expiry times are whole milliseconds. */
    private static String score(double score) {
        return score == Math.rint(score) && Math.abs(score) < 1e15 ? Long.toString((long) score) : Double.toString(score);
    }

    private <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(commandTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        cleanup.shutdownNow();
    }

    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] number(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
