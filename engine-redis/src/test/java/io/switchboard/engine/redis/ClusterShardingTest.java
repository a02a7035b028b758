package io.switchboard.engine.redis;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.engine.redis.internal.ConsistentShard;
import io.switchboard.testing.RedisCluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Channels spread over two Redis Clusters, as Centrifugo spreads them over several cluster_address entries. */
class ClusterShardingTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));

    @Test
    void eachChannelLivesOnTheClusterItsHashPicksAndCrossesNodesThere() throws Exception {
        try (RedisCluster one = RedisCluster.start(1); RedisCluster two = RedisCluster.start(1)) {
            RedisSettings settings = new RedisSettings(List.of(), "shard", null, null, 0, RedisTls.OFF, null, null,
                    List.of(String.join(",", one.addresses()), String.join(",", two.addresses())));
            RedisEngine a = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            RedisEngine b = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            try {
                RedisEngineTest.Events events = new RedisEngineTest.Events();
                a.start(new RedisEngineTest.Events());
                b.start(events);
                int[] perCluster = new int[2];
                for (int i = 0; i < 20; i++) {
                    String ch = "ch" + i;
                    b.subscribe(ch).get(10, TimeUnit.SECONDS);
                    a.publish(ch, new Publication(0, "x".getBytes(StandardCharsets.UTF_8),
                            new ClientInfo("u", "c", null, null), Map.of(), 0), HISTORY, false).get(10, TimeUnit.SECONDS);
                    assertThat(events.next().channel).isEqualTo(ch);
                    int shard = ConsistentShard.of(ch, 2);
                    perCluster[shard]++;
                    RedisCluster home = shard == 0 ? one : two;
                    RedisCluster other = shard == 0 ? two : one;
                    assertThat(home.nodes().get(0).command("TYPE shard.stream.{" + ch + "}")).isEqualTo("+stream");
                    assertThat(other.nodes().get(0).command("TYPE shard.stream.{" + ch + "}")).isEqualTo("+none");
                    assertThat(b.history(ch, new HistoryFilter(null, -1, false), HISTORY).get(10, TimeUnit.SECONDS)
                            .publications()).hasSize(1);
                }
                assertThat(perCluster[0]).isPositive();
                assertThat(perCluster[1]).isPositive();
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
