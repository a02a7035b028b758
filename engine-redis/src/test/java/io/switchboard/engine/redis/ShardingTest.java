package io.switchboard.engine.redis;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.engine.redis.internal.ConsistentShard;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Channels spread over two independent Redis instances: each channel lives on one, chosen the same by every node. */
class ShardingTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));

    @Test
    void eachChannelLivesOnTheInstanceItsHashPicksAndCrossesNodesThere() throws Exception {
        try (RedisServer one = RedisServer.start(); RedisServer two = RedisServer.start()) {
            RedisSettings settings = new RedisSettings(List.of(one.address(), two.address()), "shard", null, null, 0,
                    RedisTls.OFF, null, null);
            RedisEngine a = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            RedisEngine b = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            try {
                RedisEngineTest.Events events = new RedisEngineTest.Events();
                a.start(new RedisEngineTest.Events());
                b.start(events);
                int[] perShard = new int[2];
                for (int i = 0; i < 20; i++) {
                    String ch = "ch" + i;
                    b.subscribe(ch).get(10, TimeUnit.SECONDS);
                    a.publish(ch, new Publication(0, "x".getBytes(StandardCharsets.UTF_8), new ClientInfo("u", "c", null, null),
                            Map.of(), 0), HISTORY, false).get(10, TimeUnit.SECONDS);
                    assertThat(events.next().channel).isEqualTo(ch);
                    int shard = ConsistentShard.of(ch, 2);
                    perShard[shard]++;
                    RedisServer home = shard == 0 ? one : two;
                    RedisServer other = shard == 0 ? two : one;
                    assertThat(home.command("TYPE shard.stream." + ch)).isEqualTo("+stream");
                    assertThat(other.command("TYPE shard.stream." + ch)).isEqualTo("+none");
                    assertThat(b.history(ch, new HistoryFilter(null, -1, false), HISTORY).get(10, TimeUnit.SECONDS)
                            .publications()).hasSize(1);
                }
                assertThat(perShard[0]).isPositive();
                assertThat(perShard[1]).isPositive();
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
