package io.switchboard.core.memory;

import io.switchboard.core.BrokerEventHandler;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryEngineTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryEngine engine = new MemoryEngine(now::get, 1000);
    private final HistoryOptions history = new HistoryOptions(3, Duration.ofSeconds(60), Duration.ofHours(1));

    private static Publication pub(String data) {
        return new Publication(0, data.getBytes(), null, Map.of(), 0);
    }

    private List<Long> offsets(HistoryResult h) {
        return h.publications().stream().map(Publication::offset).toList();
    }

    @Test
    void assignsIncreasingOffsetsWithinOneEpoch() {
        StreamPosition a = engine.publish("ch", pub("1"), history, false).join();
        StreamPosition b = engine.publish("ch", pub("2"), history, false).join();
        assertThat(a.offset()).isEqualTo(1);
        assertThat(b.offset()).isEqualTo(2);
        assertThat(b.epoch()).isEqualTo(a.epoch()).hasSize(8);
    }

    @Test
    void keepsOnlyTheLastHistorySizePublications() {
        for (int i = 1; i <= 5; i++) engine.publish("ch", pub("" + i), history, false).join();
        HistoryResult h = engine.history("ch", new HistoryFilter(null, -1, false), history).join();
        assertThat(offsets(h)).containsExactly(3L, 4L, 5L);
        assertThat(h.position().offset()).isEqualTo(5);
    }

    @Test
    void readsSinceAPositionForwardAndBackward() {
        for (int i = 1; i <= 3; i++) engine.publish("ch", pub("" + i), history, false).join();
        String epoch = engine.history("ch", HistoryFilter.POSITION_ONLY, history).join().position().epoch();
        assertThat(offsets(engine.history("ch", new HistoryFilter(new StreamPosition(1, epoch), 10, false), history).join()))
                .containsExactly(2L, 3L);
        assertThat(offsets(engine.history("ch", new HistoryFilter(new StreamPosition(3, epoch), 10, true), history).join()))
                .containsExactly(2L, 1L);
        assertThat(offsets(engine.history("ch", new HistoryFilter(null, 2, true), history).join()))
                .containsExactly(3L, 2L);
    }

    @Test
    void positionOnlyReadReturnsNoPublications() {
        engine.publish("ch", pub("1"), history, false).join();
        HistoryResult h = engine.history("ch", HistoryFilter.POSITION_ONLY, history).join();
        assertThat(h.publications()).isEmpty();
        assertThat(h.position().offset()).isEqualTo(1);
    }

    @Test
    void dropsPublicationsAfterTheirTtlButKeepsThePosition() {
        engine.publish("ch", pub("1"), history, false).join();
        now.addAndGet(61_000);
        HistoryResult h = engine.history("ch", new HistoryFilter(null, -1, false), history).join();
        assertThat(h.publications()).isEmpty();
        assertThat(h.position().offset()).isEqualTo(1);
        assertThat(engine.publish("ch", pub("2"), history, false).join().offset()).isEqualTo(2);
    }

    @Test
    void sweepsStreamsWhoseMetaExpiredSoTheirEpochChanges() {
        String before = engine.publish("ch", pub("1"), history, false).join().epoch();
        now.addAndGet(Duration.ofHours(2).toMillis());
        engine.sweep();
        StreamPosition after = engine.publish("ch", pub("2"), history, false).join();
        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before);
    }

    @Test
    void deliversEveryPublicationToTheHandlerInOffsetOrderUnderConcurrentPublishers() throws Exception {
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        engine.start(new BrokerEventHandler() {
            @Override
            public void onPublication(String channel, Publication publication, StreamPosition position, Publication previous) {
                seen.add(position.offset());
            }

            @Override
            public void onJoin(String channel, ClientInfo info) {
            }

            @Override
            public void onLeave(String channel, ClientInfo info) {
            }
        });
        HistoryOptions big = new HistoryOptions(10_000, Duration.ofMinutes(1), Duration.ofHours(1));
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) engine.publish("ch", pub("x"), big, false).join();
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertThat(seen).hasSize(2000);
        for (int i = 0; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo(i + 1L);
    }

    @Test
    void handsThePreviousPublicationAlongWhenAskedForDelta() {
        List<Publication> previous = new ArrayList<>();
        engine.start(new BrokerEventHandler() {
            @Override
            public void onPublication(String channel, Publication publication, StreamPosition position, Publication prev) {
                previous.add(prev);
            }

            @Override
            public void onJoin(String channel, ClientInfo info) {
            }

            @Override
            public void onLeave(String channel, ClientInfo info) {
            }
        });
        engine.publish("ch", pub("1"), history, true).join();
        engine.publish("ch", pub("2"), history, true).join();
        engine.publish("ch", pub("3"), history, false).join();
        assertThat(previous.get(0)).isNull();
        assertThat(new String(previous.get(1).data())).isEqualTo("1");
        assertThat(previous.get(2)).isNull();
    }

    @Test
    void countsDistinctUsersInPresenceStats() {
        engine.addPresence("ch", "c1", new ClientInfo("alice", "c1", null, null)).join();
        engine.addPresence("ch", "c2", new ClientInfo("alice", "c2", null, null)).join();
        engine.addPresence("ch", "c3", new ClientInfo("bob", "c3", null, null)).join();
        var stats = engine.presenceStats("ch").join();
        assertThat(stats.numClients()).isEqualTo(3);
        assertThat(stats.numUsers()).isEqualTo(2);
        engine.removePresence("ch", "c3").join();
        assertThat(engine.presence("ch").join()).containsOnlyKeys("c1", "c2");
    }
}
