package io.switchboard.engine.redis.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistentShardTest {
    @Test
    void fnv1a64MatchesTheReferenceValues() {
        assertThat(ConsistentShard.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
        assertThat(ConsistentShard.fnv1a64("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(ConsistentShard.fnv1a64("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void growingTheListMovesOnlyTheChannelsTheNewShardTakes() {
        int moved = 0;
        int toNew = 0;
        for (int i = 0; i < 10_000; i++) {
            String ch = "channel-" + i;
            int before = ConsistentShard.of(ch, 3);
            int after = ConsistentShard.of(ch, 4);
            assertThat(before).isBetween(0, 2);
            if (before != after) {
                moved++;
                if (after == 3) toNew++;
            }
        }
        assertThat(moved).isEqualTo(toNew); // a channel that moves goes to the new shard, never between old ones
        assertThat(moved).isBetween(2000, 3000); // about a quarter
    }

    @Test
    void oneShardTakesEverything() {
        assertThat(ConsistentShard.of("anything", 1)).isZero();
    }
}
