package io.switchboard.engine.redis;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.engine.redis.RedisEngineTest.Delivered;
import io.switchboard.engine.redis.RedisEngineTest.Events;
import io.switchboard.testing.RedisCluster;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master of a Redis Cluster with replicas dies: its replica takes over, and the channels it served (the
 * control channel among them) carry on there, the stream from where it was.
 */
class RedisClusterFailoverTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));

    private static Publication pub(String text) {
        return new Publication(0, text.getBytes(StandardCharsets.UTF_8), new ClientInfo("u1", "c1", null, null),
                Map.of(), 0, null);
    }

    @Test
    void aSubscriptionMovesToTheReplicaThatTookOverAndTheStreamGoesOnFromItsOffset() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3, 1, "--cluster-node-timeout", "1000")) {
            RedisSettings settings = RedisSettings.cluster(cluster.addresses().toArray(String[]::new)).withPrefix("fo");
            Events b = new Events();
            RedisEngine na = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            RedisEngine nb = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            try {
                na.start(new Events());
                nb.start(b);
                // the master to kill holds the control channel and this one
                String control = "fo.switchboard.{control}";
                RedisServer dead = cluster.owner(control);
                String ch = IntStream.range(0, 1000).mapToObj(i -> "failover" + i)
                        .filter(c -> cluster.owner("fo.client.{" + c + "}") == dead).findFirst().orElseThrow();
                String name = "fo.client.{" + ch + "}";
                nb.subscribe(ch).get(10, TimeUnit.SECONDS);
                StreamPosition first = na.publish(ch, pub("one"), HISTORY, false).get(10, TimeUnit.SECONDS);
                assertThat(b.next().position).isEqualTo(first);
                dead.kill();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                RedisServer heir = null;
                while (System.nanoTime() < deadline) {
                    heir = tryOwner(cluster, name);
                    if (heir != null && heir != dead && shardSubscribers(heir, name) == 1
                            && shardSubscribers(heir, control) == 2) {
                        break;
                    }
                    LockSupport.parkNanos(50_000_000);
                }
                assertThat(heir).isNotNull().isNotSameAs(dead);
                assertThat(shardSubscribers(heir, name)).as("B subscribed at the new master").isEqualTo(1);
                assertThat(shardSubscribers(heir, control)).as("both control subscriptions there").isEqualTo(2);
                StreamPosition second = null;
                while (second == null) {
                    try {
                        second = na.publish(ch, pub("two"), HISTORY, false).get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (System.nanoTime() > deadline) throw e;
                        LockSupport.parkNanos(50_000_000); // A has not seen the new master yet
                    }
                }
                assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));
                Delivered d = b.next();
                assertThat(new String(d.publication.data(), StandardCharsets.UTF_8)).isEqualTo("two");
                assertThat(d.position).isEqualTo(second);
                ControlCommand.DisconnectUser cmd = new ControlCommand.DisconnectUser("bob", "", List.of(),
                        new Disconnect(4000, "bye"));
                na.publishControl(cmd).get(10, TimeUnit.SECONDS);
                assertThat(b.next().control).isEqualTo(cmd);
            } finally {
                na.close();
                nb.close();
            }
        }
    }

    private static RedisServer tryOwner(RedisCluster cluster, String key) {
        try {
            return cluster.owner(key);
        } catch (RuntimeException e) {
            return null; // no running node serves the slot yet
        }
    }

    private static long shardSubscribers(RedisServer n, String name) {
        return (Long) ((List<?>) n.reply("PUBSUB SHARDNUMSUB " + name)).get(1);
    }
}
