package io.switchboard.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HubTest {
    private final Hub hub = new Hub();

    /** A count that tallies what is added and how often. */
    static final class Tally implements Meters.Count {
        final AtomicLong total = new AtomicLong();
        final AtomicInteger adds = new AtomicInteger();

        @Override
        public void add(long n) {
            total.addAndGet(n);
            adds.incrementAndGet();
        }
    }

    static final class CountedSession extends NodeTest.RecordingSession {
        private final Meters.Count deliveries;
        int joins;

        CountedSession(String id, Meters.Count deliveries) {
            super(id);
            this.deliveries = deliveries;
        }

        @Override
        public Meters.Count deliveries() {
            return deliveries;
        }

        @Override
        public void deliverJoin(String channel, ClientInfo info) {
            joins++;
        }
    }

    private static final Publication PUB = new Publication(0, "{}".getBytes(), null, java.util.Map.of(), 0);

    @Test
    void countsEachPublicationOncePerCountWithItsNumberOfSubscribers() {
        Tally websocket = new Tally(), sse = new Tally();
        CountedSession a = new CountedSession("a", websocket), b = new CountedSession("b", websocket),
                c = new CountedSession("c", sse);
        hub.subscribe("news", a);
        hub.subscribe("news", b);
        hub.subscribe("news", c);
        hub.subscribe("news", b); // twice: still one subscriber

        hub.deliver("news", PUB, StreamPosition.NONE, null);
        hub.deliver("news", PUB, StreamPosition.NONE, null);
        hub.deliverJoin("news", null);

        assertThat(a.received).hasSize(2);
        assertThat(c.joins).isEqualTo(1);
        assertThat(websocket.total.get()).isEqualTo(6);
        assertThat(websocket.adds.get()).as("one add per event, not per subscriber").isEqualTo(3);
        assertThat(sse.total.get()).isEqualTo(3);
    }

    @Test
    void forgetsACountWhenItsLastSubscriberLeaves() {
        Tally websocket = new Tally(), sse = new Tally();
        CountedSession a = new CountedSession("a", websocket), c = new CountedSession("c", sse),
                d = new CountedSession("d", sse);
        hub.subscribe("news", a);
        hub.subscribe("news", c);
        hub.subscribe("news", d);
        hub.unsubscribe("news", a);
        hub.unsubscribe("news", c);
        hub.unsubscribe("news", a); // not subscribed: nothing changes

        hub.deliver("news", PUB, StreamPosition.NONE, null);

        assertThat(websocket.adds.get()).isZero();
        assertThat(sse.total.get()).isEqualTo(1);
        hub.unsubscribe("news", d);
        hub.subscribe("news", a);
        hub.deliver("news", PUB, StreamPosition.NONE, null);
        assertThat(websocket.total.get()).isEqualTo(1);
        assertThat(sse.total.get()).isEqualTo(1);
    }
}
