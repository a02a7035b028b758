package io.switchboard.engine.redis;

import io.switchboard.core.BrokerEventHandler;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.ServerSubscription;
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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Two engines on one real redis-server stand for two nodes. */
class RedisEngineTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));
    private static final HistoryOptions NO_HISTORY = new HistoryOptions(0, Duration.ZERO, Duration.ofHours(1));
    private static RedisServer redis;

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final List<RedisEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(RedisEngine::close);
    }

    private RedisEngine engine(Events events) {
        RedisEngine e = RedisEngine.connect(RedisSettings.of(redis.address()).withPrefix(prefix)
                .withPresenceTtl(Duration.ofSeconds(10)), clock::get, 100);
        e.start(events);
        engines.add(e);
        return e;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static Publication pub(String text) {
        return new Publication(0, text.getBytes(StandardCharsets.UTF_8), new ClientInfo("u1", "c1", null, null),
                Map.of("k", "v"), 1234, null);
    }

    @Test
    void aPublicationWithHistoryReachesTheOtherNodeWithTheOffsetAndEpochThePublisherGot() throws Exception {
        Events a = new Events();
        Events b = new Events();
        RedisEngine na = engine(a);
        RedisEngine nb = engine(b);
        await(nb.subscribe("news"));
        StreamPosition first = await(na.publish("news", pub("one"), HISTORY, false));
        StreamPosition second = await(na.publish("news", pub("two"), HISTORY, false));
        assertThat(first.offset()).isEqualTo(1);
        assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));
        assertThat(first.epoch()).hasSize(8);
        Delivered d1 = b.next();
        Delivered d2 = b.next();
        assertThat(d1.channel).isEqualTo("news");
        assertThat(new String(d1.publication.data(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(d1.position).isEqualTo(first);
        assertThat(d1.publication.offset()).isEqualTo(1);
        assertThat(d1.publication.info()).usingRecursiveComparison().isEqualTo(new ClientInfo("u1", "c1", null, null));
        assertThat(d1.publication.tags()).isEqualTo(Map.of("k", "v"));
        assertThat(d1.publication.time()).isEqualTo(1234);
        assertThat(d2.position).isEqualTo(second);
        assertThat(a.events).isEmpty(); // A never subscribed
    }

    @Test
    void withoutHistoryAPublicationIsDeliveredWithNoPositionAndKeepsTheClientItSkips() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(b);
        await(nb.subscribe("chat"));
        Publication p = new Publication(0, "x".getBytes(StandardCharsets.UTF_8), null, Map.of(), 0, "client-9");
        assertThat(await(na.publish("chat", p, NO_HISTORY, false))).isEqualTo(StreamPosition.NONE);
        Delivered d = b.next();
        assertThat(d.position).isEqualTo(StreamPosition.NONE);
        assertThat(d.publication.excludes("client-9")).isTrue();
        assertThat(d.publication.info()).isNull();
    }

    @Test
    void anUnsubscribedNodeGetsNothingMoreAndOneSubscriptionServesCrossedSubscribeCalls() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(b);
        await(nb.subscribe("c"));
        await(nb.subscribe("c")); // a new first subscriber crossed the last one's leaving
        await(nb.unsubscribe("c"));
        await(na.publish("c", pub("still"), NO_HISTORY, false));
        assertThat(b.next().publication.data()).isEqualTo("still".getBytes(StandardCharsets.UTF_8));
        await(nb.unsubscribe("c"));
        await(na.publish("c", pub("gone"), NO_HISTORY, false));
        await(nb.subscribe("other"));
        await(na.publish("other", pub("marker"), NO_HISTORY, false));
        Delivered next = b.next();
        assertThat(next.channel).isEqualTo("other"); // "gone" never came: PUB/SUB keeps order
    }

    @Test
    void historyReadsForwardBackwardAndSinceAPositionOnAnyNode() throws Exception {
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(new Events());
        for (int i = 1; i <= 5; i++) await(na.publish("h", pub("m" + i), HISTORY, false));
        HistoryResult all = await(nb.history("h", new HistoryFilter(null, -1, false), HISTORY));
        assertThat(all.position().offset()).isEqualTo(5);
        assertThat(offsets(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(new String(all.publications().get(2).data(), StandardCharsets.UTF_8)).isEqualTo("m3");
        StreamPosition since = new StreamPosition(2, all.position().epoch());
        assertThat(offsets(await(nb.history("h", new HistoryFilter(since, 2, false), HISTORY)))).containsExactly(3L, 4L);
        assertThat(offsets(await(nb.history("h", new HistoryFilter(null, 2, true), HISTORY)))).containsExactly(5L, 4L);
        StreamPosition at4 = new StreamPosition(4, all.position().epoch());
        assertThat(offsets(await(nb.history("h", new HistoryFilter(at4, -1, true), HISTORY)))).containsExactly(3L, 2L, 1L);
        HistoryResult top = await(nb.history("h", HistoryFilter.POSITION_ONLY, HISTORY));
        assertThat(top.publications()).isEmpty();
        assertThat(top.position()).isEqualTo(all.position());
    }

    @Test
    void theStreamKeepsOnlyItsSizeAndItsPositionOutlivesEveryNode() throws Exception {
        HistoryOptions three = new HistoryOptions(3, Duration.ofMinutes(5), Duration.ofHours(1));
        RedisEngine na = engine(new Events());
        StreamPosition last = null;
        for (int i = 0; i < 7; i++) last = await(na.publish("s", pub("p" + i), three, false));
        na.close();
        engines.remove(na);
        RedisEngine restarted = engine(new Events());
        HistoryResult h = await(restarted.history("s", new HistoryFilter(null, -1, false), three));
        assertThat(h.position()).isEqualTo(last);
        assertThat(offsets(h)).containsExactly(5L, 6L, 7L);
        assertThat(await(restarted.publish("s", pub("p7"), three, false)))
                .isEqualTo(new StreamPosition(8, last.epoch()));
    }

    @Test
    void aNewStreamGetsItsEpochOnTheFirstReadAndKeepsItForLaterPublishes() throws Exception {
        RedisEngine na = engine(new Events());
        StreamPosition before = await(na.history("fresh", HistoryFilter.POSITION_ONLY, HISTORY)).position();
        assertThat(before.offset()).isZero();
        assertThat(before.epoch()).hasSize(8);
        assertThat(await(na.publish("fresh", pub("a"), HISTORY, false))).isEqualTo(new StreamPosition(1, before.epoch()));
    }

    @Test
    void removingHistoryKeepsThePosition() throws Exception {
        RedisEngine na = engine(new Events());
        StreamPosition p = await(na.publish("r", pub("a"), HISTORY, false));
        await(na.removeHistory("r"));
        HistoryResult h = await(na.history("r", new HistoryFilter(null, -1, false), HISTORY));
        assertThat(h.publications()).isEmpty();
        assertThat(h.position()).isEqualTo(p);
    }

    @Test
    void aDeltaPublishHandsThePreviousPublicationAlong() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(b);
        await(nb.subscribe("d"));
        await(na.publish("d", pub("first"), HISTORY, true));
        await(na.publish("d", pub("second"), HISTORY, true));
        Delivered one = b.next();
        Delivered two = b.next();
        assertThat(one.previous).isNull();
        assertThat(two.position.offset()).isEqualTo(2);
        assertThat(new String(two.publication.data(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(new String(two.previous.data(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void joinAndLeaveCrossNodes() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(b);
        await(nb.subscribe("room"));
        ClientInfo info = new ClientInfo("alice", "c-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null);
        await(na.publishJoin("room", info));
        await(na.publishLeave("room", info));
        Delivered join = b.next();
        Delivered leave = b.next();
        assertThat(join.kind).isEqualTo("join");
        assertThat(join.info.user()).isEqualTo("alice");
        assertThat(new String(join.info.connInfo(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(leave.kind).isEqualTo("leave");
        assertThat(leave.info.client()).isEqualTo("c-1");
    }

    @Test
    void presenceIsClusterWideAndCountsAUserOnce() throws Exception {
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(new Events());
        await(na.addPresence("p", "c1", new ClientInfo("alice", "c1", null, null)));
        await(nb.addPresence("p", "c2", new ClientInfo("alice", "c2", null, null)));
        await(nb.addPresence("p", "c3", new ClientInfo("bob", "c3", null, null)));
        Map<String, ClientInfo> members = await(na.presence("p"));
        assertThat(members.keySet()).containsExactlyInAnyOrder("c1", "c2", "c3");
        assertThat(members.get("c3").user()).isEqualTo("bob");
        assertThat(await(nb.presenceStats("p"))).isEqualTo(new PresenceStats(3, 2));
        await(nb.removePresence("p", "c2"));
        assertThat(await(na.presence("p")).keySet()).containsExactlyInAnyOrder("c1", "c3");
    }

    @Test
    void aStoppedNodesPresenceIsGoneOnceItsTtlPassesWhileALiveNodeKeepsRefreshingItsOwn() throws Exception {
        RedisEngine crashed = engine(new Events());
        RedisEngine alive = engine(new Events());
        await(crashed.addPresence("p", "gone", new ClientInfo("u", "gone", null, null)));
        crashed.close(); // no removal, no more refreshes: as a crash leaves it
        engines.remove(crashed);
        await(alive.addPresence("p", "here", new ClientInfo("v", "here", null, null)));
        assertThat(await(alive.presence("p")).keySet()).containsExactlyInAnyOrder("gone", "here");
        clock.addAndGet(Duration.ofSeconds(11).toMillis());
        // the live node's next refresh (every ttl/3 of real time) re-stamps its entry at the new time
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, ClientInfo> now;
        do {
            now = await(alive.presence("p"));
        } while (!now.containsKey("here") && System.nanoTime() < deadline);
        assertThat(now.keySet()).containsExactly("here");
    }

    @Test
    void keysFollowCentrifugosLayout() throws Exception {
        RedisEngine na = engine(new Events());
        await(na.publish("layout", pub("a"), HISTORY, false));
        await(na.addPresence("layout", "c1", new ClientInfo("u", "c1", null, null)));
        assertThat(redis.command("TYPE " + prefix + ".stream.layout")).isEqualTo("+stream");
        assertThat(redis.command("TYPE " + prefix + ".stream.meta.layout")).isEqualTo("+hash");
        assertThat(redis.command("HGET " + prefix + ".stream.meta.layout s")).isEqualTo("$1");
        assertThat(redis.command("TYPE " + prefix + ".presence.data.layout")).isEqualTo("+hash");
        assertThat(redis.command("TYPE " + prefix + ".presence.expire.layout")).isEqualTo("+zset");
    }

    @Test
    void theFirstNodeToOccupyAChannelAndTheLastToLeaveItAreTold() throws Exception {
        RedisEngine na = engine(new Events());
        RedisEngine nb = engine(new Events());
        assertThat(await(na.occupy("o", "node-a"))).isTrue();
        assertThat(await(nb.occupy("o", "node-b"))).isFalse();
        assertThat(await(na.occupy("o", "node-a"))).isFalse(); // a refresh is no new occupation
        assertThat(await(na.vacate("o", "node-a"))).isFalse();
        assertThat(await(nb.vacate("o", "node-b"))).isTrue();
        assertThat(await(nb.vacate("o", "node-b"))).isFalse();
    }

    @Test
    void aCrashedNodesOccupationRunsOutWithThePresenceTtl() throws Exception {
        RedisEngine crashed = engine(new Events());
        RedisEngine alive = engine(new Events());
        assertThat(await(crashed.occupy("o", "node-a"))).isTrue();
        crashed.close();
        engines.remove(crashed);
        assertThat(await(alive.occupy("o", "node-b"))).isFalse();
        await(alive.vacate("o", "node-b"));
        clock.addAndGet(Duration.ofSeconds(11).toMillis());
        assertThat(await(alive.occupy("o", "node-b"))).isTrue();
    }

    @Test
    void controlCommandsReachEveryNodeTheSenderIncluded() throws Exception {
        Events a = new Events();
        Events b = new Events();
        RedisEngine na = engine(a);
        engine(b);
        ControlCommand.DisconnectUser cmd = new ControlCommand.DisconnectUser("alice", "", List.of("c-keep"),
                new Disconnect(4000, "bye"));
        await(na.publishControl(cmd));
        await(na.publishControl(new ControlCommand.SubscribeUser("bob", "c2", "news",
                new ServerSubscription("i".getBytes(StandardCharsets.UTF_8), null))));
        await(na.publishControl(new ControlCommand.Protocol("pusher.terminate", new byte[] {1, 2})));
        for (Events e : List.of(a, b)) {
            assertThat(e.next().control).isEqualTo(cmd);
            ControlCommand.SubscribeUser sub = (ControlCommand.SubscribeUser) e.next().control;
            assertThat(sub.channel()).isEqualTo("news");
            assertThat(sub.subscription().info()).isEqualTo("i".getBytes(StandardCharsets.UTF_8));
            ControlCommand.Protocol p = (ControlCommand.Protocol) e.next().control;
            assertThat(p.kind()).isEqualTo("pusher.terminate");
            assertThat(p.payload()).containsExactly(1, 2);
        }
    }

    private static List<Long> offsets(HistoryResult h) {
        return h.publications().stream().map(Publication::offset).toList();
    }

    static final class Delivered {
        String kind;
        String channel;
        Publication publication;
        StreamPosition position;
        Publication previous;
        ClientInfo info;
        ControlCommand control;
    }

    static final class Events implements BrokerEventHandler {
        final BlockingQueue<Delivered> events = new LinkedBlockingQueue<>();

        Delivered next() throws InterruptedException {
            Delivered d = events.poll(10, TimeUnit.SECONDS);
            assertThat(d).as("an event within 10 s").isNotNull();
            return d;
        }

        @Override
        public void onPublication(String channel, Publication publication, StreamPosition position, Publication previous) {
            Delivered d = new Delivered();
            d.kind = "pub";
            d.channel = channel;
            d.publication = publication;
            d.position = position;
            d.previous = previous;
            events.add(d);
        }

        @Override
        public void onControl(ControlCommand command) {
            Delivered d = new Delivered();
            d.kind = "control";
            d.control = command;
            events.add(d);
        }

        @Override
        public void onJoin(String channel, ClientInfo info) {
            events.add(event("join", channel, info));
        }

        @Override
        public void onLeave(String channel, ClientInfo info) {
            events.add(event("leave", channel, info));
        }

        private static Delivered event(String kind, String channel, ClientInfo info) {
            Delivered d = new Delivered();
            d.kind = kind;
            d.channel = channel;
            d.info = info;
            return d;
        }
    }
}
