package io.switchboard.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MapChannelsTest {
    private static final MapOptions EPHEMERAL = map(MapOptions.Mode.EPHEMERAL, Duration.ofSeconds(3), 0);
    private static final MapOptions PERSISTENT = map(MapOptions.Mode.PERSISTENT, Duration.ZERO, 2);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Hub hub = new Hub();
    private final MapChannels maps = new MapChannels(hub, now::get);
    private final NodeTest.RecordingSession session = new NodeTest.RecordingSession("c1");

    private static MapOptions map(MapOptions.Mode mode, Duration keyTtl, int streamSize) {
        return new MapOptions(mode, keyTtl, streamSize, Duration.ZERO, false, false, false, false, false, false, "",
                0, 0, 0);
    }

    private StreamPosition set(String channel, MapOptions o, String key, String data) {
        return maps.change(channel, o, key, data.getBytes(), null, Map.of(), false);
    }

    @Test
    void theStateHoldsTheNewestEntryOfEachKeyAndEveryChangeReachesSubscribers() {
        hub.subscribe("m", session);
        set("m", PERSISTENT, "a", "1");
        set("m", PERSISTENT, "b", "2");
        StreamPosition at = set("m", PERSISTENT, "a", "3");
        maps.publish("m", PERSISTENT, "b", null, null, Map.of(), true);
        maps.publish("m", PERSISTENT, "zz", null, null, Map.of(), true); // not there: no change

        MapChannels.State state = maps.state("m");
        assertThat(state.entries()).extracting(Publication::key).containsExactly("a");
        assertThat(new String(state.entries().get(0).data())).isEqualTo("3");
        assertThat(state.position().offset()).isEqualTo(4);
        assertThat(state.position().epoch()).isEqualTo(at.epoch());
        assertThat(session.received).extracting(p -> p.publication().key() + "@" + p.position().offset()
                + (p.publication().removed() ? "-" : "")).containsExactly("a@1", "b@2", "a@3", "b@4-");
    }

    @Test
    void changesAreRecoveredWhileTheStreamHasThemAndNotAfter() {
        StreamPosition first = set("m", PERSISTENT, "a", "1");
        set("m", PERSISTENT, "a", "2");
        set("m", PERSISTENT, "b", "3");
        RecoveryResult r = maps.since("m", new StreamPosition(1, first.epoch()));
        assertThat(r.recovered()).isTrue();
        assertThat(r.publications()).extracting(Publication::offset).containsExactly(2L, 3L);
        assertThat(maps.since("m", new StreamPosition(3, first.epoch())).recovered()).isTrue();
        // a stream of 2 no longer has offset 1's successor of 0
        assertThat(maps.since("m", new StreamPosition(0, first.epoch())).recovered()).isFalse();
        assertThat(maps.since("m", new StreamPosition(1, "other")).recovered()).isFalse();
        assertThat(maps.since("m", new StreamPosition(9, first.epoch())).recovered()).isFalse();
    }

    @Test
    void expiredEntriesAreRemovedAndTheirRemovalDelivered() {
        hub.subscribe("e", session);
        set("e", EPHEMERAL, "a", "1");
        now.addAndGet(2000);
        set("e", EPHEMERAL, "b", "2");
        now.addAndGet(1500);
        maps.expire();
        assertThat(maps.state("e").entries()).extracting(Publication::key).containsExactly("b");
        Publication removal = session.received.get(2).publication();
        assertThat(removal.key()).isEqualTo("a");
        assertThat(removal.removed()).isTrue();
        assertThat(removal.data()).isEmpty();
        now.addAndGet(2000);
        maps.expire();
        assertThat(maps.state("e").entries()).isEmpty();
        assertThat(session.received).hasSize(4);
    }

    @Test
    void aTouchedEntryOutlivesItsTtlWithoutAChange() {
        hub.subscribe("e", session);
        set("e", EPHEMERAL, "a", "1");
        now.addAndGet(2000);
        maps.touch("e", "a", Duration.ofSeconds(3));
        now.addAndGet(2000);
        maps.expire();
        assertThat(maps.state("e").entries()).hasSize(1);
        assertThat(session.received).hasSize(1);
        now.addAndGet(1500);
        maps.expire();
        assertThat(maps.state("e").entries()).isEmpty();
    }

    @Test
    void anEphemeralMapKeepsNoStream() {
        StreamPosition at = set("e", EPHEMERAL, "a", "1");
        set("e", EPHEMERAL, "a", "2");
        assertThat(maps.since("e", new StreamPosition(at.offset(), at.epoch())).recovered()).isFalse();
        assertThat(List.of(EPHEMERAL.pageSize(0), EPHEMERAL.pageSize(5), EPHEMERAL.pageSize(5000)))
                .containsExactly(100, 100, 1000);
    }
}
