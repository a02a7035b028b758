package io.switchboard.engine.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.MapBroker;
import io.switchboard.core.MapOptions;
import io.switchboard.core.Publication;
import io.switchboard.core.RecoveryResult;
import io.switchboard.core.StreamPosition;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Two engines on one real redis-server stand for two nodes sharing map channels. */
class RedisMapBrokerTest {
    private static final MapOptions RECOVERABLE = options(MapOptions.Mode.RECOVERABLE, 100);
    private static RedisServer redis;

    private final String prefix = "m" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final List<RedisEngine> engines = new ArrayList<>();
    private final List<MapBroker> brokers = new ArrayList<>();
    private MapOptions current = RECOVERABLE;

    private static MapOptions options(MapOptions.Mode mode, int streamSize) {
        return new MapOptions(mode, Duration.ofSeconds(5), streamSize, Duration.ofMinutes(1), true, true, true, true,
                true, true, "", 0, 0, 0);
    }

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void close() {
        brokers.forEach(MapBroker::stop);
        engines.forEach(RedisEngine::close);
    }

    private RedisEngine engine(RedisEngineTest.Events events) {
        RedisEngine e = RedisEngine.connect(RedisSettings.of(redis.address()).withPrefix(prefix), clock::get, 100);
        e.start(events);
        engines.add(e);
        return e;
    }

    /** The rounds are run by the tests, on a clock they move. */
    private RedisMapBroker maps(RedisEngine e) {
        RedisMapBroker m = (RedisMapBroker) e.maps(ch -> Optional.of(current), Duration.ZERO);
        brokers.add(m);
        return m;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private StreamPosition set(MapBroker m, String key, String data) throws Exception {
        return await(m.publish("game", current, key, utf8(data), new ClientInfo("u", "c", null, null), Map.of(), false));
    }

    @Test
    void aChangeOnOneNodeIsInTheOtherNodesStateStreamAndSubscribers() throws Exception {
        RedisEngineTest.Events b = new RedisEngineTest.Events();
        RedisEngine na = engine(new RedisEngineTest.Events());
        RedisEngine nb = engine(b);
        MapBroker ma = maps(na);
        MapBroker mb = maps(nb);
        await(nb.subscribe("game"));

        StreamPosition first = set(ma, "alice", "{\"x\":1}");
        StreamPosition second = set(ma, "bob", "{\"x\":2}");
        assertThat(first.offset()).isEqualTo(1);
        assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));

        MapBroker.State state = await(mb.state("game", current));
        assertThat(state.position()).isEqualTo(second);
        assertThat(state.entries()).extracting(Publication::key).containsExactly("alice", "bob");
        assertThat(text(state.entries().get(1).data())).isEqualTo("{\"x\":2}");
        assertThat(state.entries().get(1).offset()).isEqualTo(2);

        RecoveryResult r = await(mb.since("game", current, first));
        assertThat(r.recovered()).isTrue();
        assertThat(r.position()).isEqualTo(second);
        assertThat(r.publications()).extracting(Publication::key).containsExactly("bob");

        RedisEngineTest.Delivered d1 = b.next();
        RedisEngineTest.Delivered d2 = b.next();
        assertThat(d1.channel).isEqualTo("game");
        assertThat(d1.position).isEqualTo(first);
        assertThat(d1.publication.key()).isEqualTo("alice");
        assertThat(d1.publication.info().user()).isEqualTo("u");
        assertThat(d2.position).isEqualTo(second);
    }

    @Test
    void aKeysNewValueTravelsWithItsPreviousOneAndARemovalWithoutData() throws Exception {
        RedisEngineTest.Events b = new RedisEngineTest.Events();
        RedisEngine nb = engine(b);
        MapBroker ma = maps(engine(new RedisEngineTest.Events()));
        MapBroker mb = maps(nb);
        await(nb.subscribe("game"));
        set(ma, "alice", "one");
        set(ma, "alice", "two");
        StreamPosition removed = await(ma.publish("game", current, "alice", null, null, Map.of(), true));
        assertThat(b.next().previous).isNull();
        RedisEngineTest.Delivered second = b.next();
        assertThat(text(second.publication.data())).isEqualTo("two");
        assertThat(text(second.previous.data())).isEqualTo("one");
        RedisEngineTest.Delivered removal = b.next();
        assertThat(removal.position).isEqualTo(removed);
        assertThat(removal.publication.removed()).isTrue();
        assertThat(removal.publication.key()).isEqualTo("alice");
        assertThat(await(mb.state("game", current)).entries()).isEmpty();
        // removing what is not there changes nothing
        assertThat(await(mb.publish("game", current, "alice", null, null, Map.of(), true))).isEqualTo(removed);
    }

    @Test
    void expiredEntriesLeaveBothNodesOnceAndATouchedOneStays() throws Exception {
        RedisEngineTest.Events a = new RedisEngineTest.Events();
        RedisEngine na = engine(a);
        RedisMapBroker ma = maps(na);
        RedisMapBroker mb = maps(engine(new RedisEngineTest.Events()));
        await(na.subscribe("game"));
        set(ma, "alice", "1");
        set(mb, "bob", "2");
        a.next();
        a.next();
        clock.addAndGet(4_000);
        await(ma.touch("game", current, "bob", Duration.ofSeconds(5)));
        clock.addAndGet(2_000);

        mb.cleanupRound();
        ma.cleanupRound(); // the other node's round finds nothing left to remove

        RedisEngineTest.Delivered removal = a.next();
        assertThat(removal.publication.removed()).isTrue();
        assertThat(removal.publication.key()).isEqualTo("alice");
        assertThat(removal.position.offset()).isEqualTo(3);
        assertThat(await(ma.state("game", current)).entries()).extracting(Publication::key).containsExactly("bob");
        assertThat(await(mb.state("game", current)).entries()).extracting(Publication::key).containsExactly("bob");
        assertThat(a.events.poll(300, TimeUnit.MILLISECONDS)).as("one removal only").isNull();

        clock.addAndGet(5_000);
        ma.cleanupRound();
        assertThat(a.next().publication.key()).isEqualTo("bob");
        assertThat(await(mb.state("game", current)).entries()).isEmpty();
        try (RedisClient client = RedisClient.create("redis://" + redis.address());
             StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().zscore(prefix + ":cleanup:channels", "game")).as("nothing left to expire").isNull();
        }
    }

    @Test
    void anEntryKeptAliveAfterTheRoundReadItsExpiryIsNotRemoved() throws Exception {
        RedisMapBroker ma = maps(engine(new RedisEngineTest.Events()));
        StreamPosition set = set(ma, "alice", "1");
        double due = clock.get() + 5_000.0;
        await(ma.touch("game", current, "alice", Duration.ofSeconds(30))); // another node's refresh, meanwhile
        assertThat(await(ma.removeExpired("game", current, "alice", due, clock.get() + 6_000))).isEqualTo(set);
        assertThat(await(ma.state("game", current)).entries()).extracting(Publication::key).containsExactly("alice");
        assertThat(await(ma.removeExpired("game", current, "alice", clock.get() + 30_000.0, clock.get() + 31_000))
                .offset()).isEqualTo(2);
        assertThat(await(ma.state("game", current)).entries()).isEmpty();
    }

    @Test
    void recoveryAcrossNodesFailsForAnotherEpochAPositionAheadOrATrimmedStream() throws Exception {
        current = options(MapOptions.Mode.PERSISTENT, 2);
        MapBroker ma = maps(engine(new RedisEngineTest.Events()));
        MapBroker mb = maps(engine(new RedisEngineTest.Events()));
        StreamPosition p1 = set(ma, "a", "1");
        for (int i = 0; i < 300; i++) set(ma, "k" + i, "x"); // past MAXLEN ~ 2: Redis trims whole nodes
        StreamPosition top = set(ma, "b", "2");
        assertThat(await(mb.since("game", current, p1)).recovered()).as("trimmed").isFalse();
        StreamPosition near = new StreamPosition(top.offset() - 1, top.epoch());
        assertThat(await(mb.since("game", current, near)).publications()).extracting(Publication::key)
                .containsExactly("b");
        assertThat(await(mb.since("game", current, new StreamPosition(1, "other"))).recovered()).isFalse();
        assertThat(await(mb.since("game", current, new StreamPosition(top.offset() + 1, top.epoch()))).recovered())
                .isFalse();
        assertThat(await(mb.since("game", current, top)).recovered()).isTrue();
    }

    @Test
    void theStreamReadsForwardOrNewestFirstAndAClearForgetsTheChannelOnEveryNode() throws Exception {
        MapBroker ma = maps(engine(new RedisEngineTest.Events()));
        MapBroker mb = maps(engine(new RedisEngineTest.Events()));
        for (String k : List.of("a", "b", "c", "d")) set(ma, k, k);
        assertThat(await(mb.stream("game", current, 1, 2, false)).publications()).extracting(Publication::key)
                .containsExactly("b", "c");
        assertThat(await(mb.stream("game", current, 0, 0, true)).publications()).extracting(Publication::key)
                .containsExactly("d", "c", "b", "a");
        assertThat(await(mb.stream("game", current, 3, 1, true)).publications()).extracting(Publication::key)
                .containsExactly("b");
        assertThat(await(mb.stream("game", current, 1, 0, true)).publications()).isEmpty();
        StreamPosition before = await(mb.stream("game", current, 0, 0, false)).position();
        assertThat(before.offset()).isEqualTo(4);
        await(mb.clear("game", current));
        assertThat(await(ma.state("game", current)).entries()).isEmpty();
        StreamPosition after = set(ma, "e", "e");
        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void theKeysAreCentrifugesMapLayout() throws Exception {
        MapBroker ma = maps(engine(new RedisEngineTest.Events()));
        StreamPosition p = set(ma, "alice", "v");
        try (RedisClient client = RedisClient.create("redis://" + redis.address());
             StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.hgetall(prefix + ":meta:game")).containsEntry("e", p.epoch()).containsEntry("s", "1");
            assertThat(r.hget(prefix + ":state:game", "alice")).startsWith("1:" + p.epoch() + ":");
            assertThat(r.hget(prefix + ":state:meta:game", "epoch")).isEqualTo(p.epoch());
            assertThat(r.zscore(prefix + ":state:expire:game", "alice")).isEqualTo(clock.get() + 5_000.0);
            assertThat(r.zscore(prefix + ":cleanup:channels", "game")).isEqualTo(clock.get() + 5_000.0);
            List<StreamMessage<String, String>> stream = r.xrange(prefix + ":stream:game", io.lettuce.core.Range.create("-", "+"));
            assertThat(stream).hasSize(1);
            assertThat(stream.get(0).getId()).isEqualTo("1-0");
            assertThat(stream.get(0).getBody()).containsEntry("e", p.epoch()).containsKey("d");
        }
    }

    @Test
    void anEphemeralMapKeepsNoStreamAndNoOffsets() throws Exception {
        current = options(MapOptions.Mode.EPHEMERAL, 0);
        MapBroker ma = maps(engine(new RedisEngineTest.Events()));
        MapBroker mb = maps(engine(new RedisEngineTest.Events()));
        assertThat(set(ma, "alice", "1").offset()).isZero();
        MapBroker.State state = await(mb.state("game", current));
        assertThat(state.entries()).extracting(Publication::key).containsExactly("alice");
        assertThat(state.position().offset()).isZero();
        try (RedisClient client = RedisClient.create("redis://" + redis.address());
             StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().exists(prefix + ":stream:game", prefix + ":meta:game")).isZero();
        }
    }
}
