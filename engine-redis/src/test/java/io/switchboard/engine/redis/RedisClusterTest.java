package io.switchboard.engine.redis;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.engine.redis.RedisEngineTest.Delivered;
import io.switchboard.engine.redis.RedisEngineTest.Events;
import io.switchboard.testing.RedisCluster;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two engines on a real three-master Redis Cluster stand for two nodes. */
class RedisClusterTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));
    private static final HistoryOptions NO_HISTORY = new HistoryOptions(0, Duration.ZERO, Duration.ofHours(1));
    private static RedisCluster cluster;

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final List<RedisEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(RedisEngine::close);
    }

    /** Given one seed node only: the engine finds the others from it. */
    private RedisEngine engine(Events events, int seed) {
        RedisEngine e = RedisEngine.connect(RedisSettings.cluster(cluster.addresses().get(seed)).withPrefix(prefix)
                .withPresenceTtl(Duration.ofSeconds(10)), System::currentTimeMillis, 100);
        e.start(events);
        engines.add(e);
        return e;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static Publication pub(String text) {
        return new Publication(0, text.getBytes(StandardCharsets.UTF_8), new ClientInfo("u1", "c1", null, null),
                Map.of(), 1234, null);
    }

    private static String text(Publication p) {
        return new String(p.data(), StandardCharsets.UTF_8);
    }

    @Test
    void aPublicationWithHistoryReachesTheOtherNodeWithTheOffsetAndEpochThePublisherGot() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(b, 1);
        await(nb.subscribe("news"));
        StreamPosition first = await(na.publish("news", pub("one"), HISTORY, false));
        StreamPosition second = await(na.publish("news", pub("two"), HISTORY, true));
        assertThat(first.offset()).isEqualTo(1);
        assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));
        Delivered d1 = b.next();
        Delivered d2 = b.next();
        assertThat(d1.channel).isEqualTo("news");
        assertThat(text(d1.publication)).isEqualTo("one");
        assertThat(d1.position).isEqualTo(first);
        assertThat(d2.position).isEqualTo(second);
        assertThat(text(d2.previous)).isEqualTo("one");
    }

    @Test
    void onlyTheChannelsShardCarriesItsPublicationsOverShardedPubSub() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(b, 2);
        await(nb.subscribe("sharded"));
        String name = prefix + ".client.{sharded}";
        RedisServer owner = cluster.owner(name);
        assertThat(shardSubscribers(owner, name)).isEqualTo(1);
        for (RedisServer n : cluster.nodes()) {
            assertThat(plainSubscribers(n, name)).as("no plain SUBSCRIBE on " + n.address()).isZero();
        }
        await(na.publish("sharded", pub("no history"), NO_HISTORY, false));
        Delivered d = b.next();
        assertThat(d.position).isEqualTo(StreamPosition.NONE);
        assertThat(text(d.publication)).isEqualTo("no history");
        await(nb.unsubscribe("sharded"));
        assertThat(shardSubscribers(owner, name)).isZero();
    }

    @Test
    void historyReadsOnAnyNode() throws Exception {
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(new Events(), 1);
        for (int i = 1; i <= 5; i++) await(na.publish("h", pub("m" + i), HISTORY, false));
        HistoryResult all = await(nb.history("h", new HistoryFilter(null, -1, false), HISTORY));
        assertThat(all.position().offset()).isEqualTo(5);
        assertThat(all.publications().stream().map(Publication::offset)).containsExactly(1L, 2L, 3L, 4L, 5L);
        StreamPosition since = new StreamPosition(3, all.position().epoch());
        assertThat(await(nb.history("h", new HistoryFilter(since, -1, false), HISTORY)).publications().stream()
                .map(RedisClusterTest::text)).containsExactly("m4", "m5");
        await(nb.removeHistory("h"));
        HistoryResult removed = await(na.history("h", new HistoryFilter(null, -1, false), HISTORY));
        assertThat(removed.publications()).isEmpty();
        assertThat(removed.position()).isEqualTo(all.position());
    }

    @Test
    void presenceIsClusterWide() throws Exception {
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(new Events(), 1);
        await(na.addPresence("p", "c1", new ClientInfo("alice", "c1", null, null)));
        await(nb.addPresence("p", "c2", new ClientInfo("alice", "c2", null, null)));
        await(nb.addPresence("p", "c3", new ClientInfo("bob", "c3", null, null)));
        assertThat(await(na.presence("p")).keySet()).containsExactlyInAnyOrder("c1", "c2", "c3");
        assertThat(await(nb.presenceStats("p"))).isEqualTo(new PresenceStats(3, 2));
        await(na.removePresence("p", "c1"));
        assertThat(await(nb.presence("p")).keySet()).containsExactlyInAnyOrder("c2", "c3");
    }

    @Test
    void occupancyIsTheClusters() throws Exception {
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(new Events(), 1);
        assertThat(await(na.occupy("o", "node-a"))).isTrue();
        assertThat(await(nb.occupy("o", "node-b"))).isFalse();
        assertThat(await(na.vacate("o", "node-a"))).isFalse();
        assertThat(await(nb.vacate("o", "node-b"))).isTrue();
        assertThat(cluster.owner(prefix + ".switchboard.occupancy.{o}").command("TYPE " + prefix
                + ".switchboard.occupancy.{o}")).isEqualTo("+none"); // the last one out leaves no key behind
    }

    @Test
    void joinAndLeaveCrossNodes() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(b, 1);
        await(nb.subscribe("room"));
        ClientInfo info = new ClientInfo("alice", "c-1", null, null);
        await(na.publishJoin("room", info));
        await(na.publishLeave("room", info));
        Delivered join = b.next();
        Delivered leave = b.next();
        assertThat(join.kind).isEqualTo("join");
        assertThat(join.channel).isEqualTo("room");
        assertThat(join.info.user()).isEqualTo("alice");
        assertThat(leave.kind).isEqualTo("leave");
    }

    @Test
    void controlCommandsReachEveryNodeOverOneShardedChannel() throws Exception {
        Events a = new Events();
        Events b = new Events();
        Events c = new Events();
        RedisEngine na = engine(a, 0);
        engine(b, 1);
        engine(c, 2);
        ControlCommand.DisconnectUser cmd = new ControlCommand.DisconnectUser("alice", "", List.of(),
                new Disconnect(4000, "bye"));
        await(na.publishControl(cmd));
        for (Events e : List.of(a, b, c)) assertThat(e.next().control).isEqualTo(cmd);
        String control = prefix + ".switchboard.{control}";
        assertThat(shardSubscribers(cluster.owner(control), control)).isEqualTo(3);
    }

    @Test
    void channelsSpreadOverTheMastersAndEachKeepsAllItsKeysInTheSlotOfItsHashTag() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(b, 1);
        Set<String> holders = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            String ch = "spread" + i;
            await(nb.subscribe(ch));
            await(na.publish(ch, pub("x" + i), HISTORY, false));
            await(na.addPresence(ch, "c1", new ClientInfo("u", "c1", null, null)));
            assertThat(b.next().channel).isEqualTo(ch);
            String stream = prefix + ".stream.{" + ch + "}";
            RedisServer home = cluster.owner(stream);
            assertThat(home.command("TYPE " + stream)).isEqualTo("+stream");
            assertThat(home.command("TYPE " + prefix + ".stream.meta.{" + ch + "}")).isEqualTo("+hash");
            assertThat(home.command("TYPE " + prefix + ".presence.data.{" + ch + "}")).isEqualTo("+hash");
            assertThat(home.command("TYPE " + prefix + ".presence.expire.{" + ch + "}")).isEqualTo("+zset");
            assertThat(home.command("CLUSTER KEYSLOT " + stream)).isEqualTo(home.command("CLUSTER KEYSLOT " + ch));
            for (RedisServer n : cluster.nodes()) {
                if (n != home) assertThat(n.command("TYPE " + stream)).startsWith("-MOVED");
            }
            holders.add(home.address());
        }
        assertThat(holders).as("masters holding some channel's stream").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aSubscriptionFollowsItsChannelWhenTheSlotMovesToAnotherMasterAndHistoryComesAlong() throws Exception {
        Events b = new Events();
        RedisEngine na = engine(new Events(), 0);
        RedisEngine nb = engine(b, 1);
        await(nb.subscribe("moving"));
        StreamPosition before = await(na.publish("moving", pub("before"), HISTORY, false));
        assertThat(b.next().position).isEqualTo(before);
        String name = prefix + ".client.{moving}";
        RedisServer from = cluster.owner(name);
        RedisServer to = cluster.nodes().stream().filter(n -> n != from).findFirst().orElseThrow();
        cluster.moveSlot(name, to);
        // the old owner dropped the SSUBSCRIBE; the node subscribes again, now on the new owner
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shardSubscribers(to, name) == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        assertThat(shardSubscribers(to, name)).as("subscribers on the new owner").isEqualTo(1);
        StreamPosition after = await(na.publish("moving", pub("after"), HISTORY, false));
        assertThat(after).isEqualTo(new StreamPosition(2, before.epoch()));
        Delivered d = b.next();
        assertThat(text(d.publication)).isEqualTo("after");
        assertThat(d.position).isEqualTo(after);
        assertThat(await(nb.history("moving", new HistoryFilter(null, -1, false), HISTORY)).publications().stream()
                .map(RedisClusterTest::text)).containsExactly("before", "after");
    }

    @Test
    void whileAChannelsMasterIsDownItsPublishesFailAndOnceItIsBackSubscriptionsAndPublishesResume() throws Exception {
        Events a = new Events();
        Events b = new Events();
        RedisEngine na = engine(a, 0);
        RedisEngine nb = engine(b, 1);
        String control = prefix + ".switchboard.{control}";
        // the master to stop holds the control channel and the channel B subscribes to
        RedisServer down = cluster.owner(control);
        assertThat(shardSubscribers(down, control)).as("both nodes' control subscriptions").isEqualTo(2);
        String ch = IntStream.range(0, 1000).mapToObj(i -> "fault" + i)
                .filter(c -> cluster.owner(prefix + ".client.{" + c + "}") == down).findFirst().orElseThrow();
        String name = prefix + ".client.{" + ch + "}";
        await(nb.subscribe(ch));
        down.close();
        assertThatThrownBy(() -> await(na.publish(ch, pub("refused"), HISTORY, false)))
                .isInstanceOf(ExecutionException.class);
        down.restart();
        cluster.awaitState("ok");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((shardSubscribers(down, name) == 0 || shardSubscribers(down, control) < 2) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        assertThat(shardSubscribers(down, name)).as("B subscribed again").isEqualTo(1);
        assertThat(shardSubscribers(down, control)).as("both control subscriptions back").isEqualTo(2);
        StreamPosition back = null;
        while (back == null) {
            try {
                back = await(na.publish(ch, pub("back"), HISTORY, false));
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) throw e;
                LockSupport.parkNanos(50_000_000); // A's connection to the node is still coming back
            }
        }
        Delivered d = b.next();
        assertThat(text(d.publication)).isEqualTo("back");
        assertThat(d.position).isEqualTo(back);
        ControlCommand.DisconnectUser cmd = new ControlCommand.DisconnectUser("bob", "", List.of(),
                new Disconnect(4000, "bye"));
        await(na.publishControl(cmd));
        assertThat(a.next().control).isEqualTo(cmd);
        assertThat(b.next().control).isEqualTo(cmd);
    }

    /** PUBSUB SHARDNUMSUB and NUMSUB answer [name, count]. */
    private static long shardSubscribers(RedisServer n, String name) {
        return count(n, "PUBSUB SHARDNUMSUB " + name);
    }

    private static long plainSubscribers(RedisServer n, String name) {
        return count(n, "PUBSUB NUMSUB " + name);
    }

    private static long count(RedisServer n, String command) {
        return (Long) ((List<?>) n.reply(command)).get(1);
    }
}
