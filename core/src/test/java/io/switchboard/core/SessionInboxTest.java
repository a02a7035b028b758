package io.switchboard.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionInboxTest {
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final List<Object> seen = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();
    private final SessionInbox inbox = new SessionInbox(loop::add, 1000, seen::add, overflows::incrementAndGet);

    private static PreparedPublication pub(int size) {
        return new PreparedPublication("c", new Publication(0, new byte[size], null, Map.of(), 0), StreamPosition.NONE);
    }

    private void runLoop() {
        while (!loop.isEmpty()) loop.poll().run();
    }

    @Test
    void holdsEventsUntilResumedThenDrainsABurstInOneTaskEndingWithAFlush() {
        inbox.offer(pub(10), 74);
        inbox.offer(new SessionInbox.InfoEvent("c", new ClientInfo("u", "x", null, null), true), 128);
        assertThat(loop).isEmpty();
        inbox.resume();
        inbox.offer(pub(10), 74);
        assertThat(loop).hasSize(1);
        runLoop();
        assertThat(seen).hasSize(4).last().isSameAs(SessionInbox.FLUSH);
    }

    @Test
    void aDrainThatHandedSomethingEndsWithAFlushEvenIfClosedOrThrownMeanwhile() {
        List<Object> got = new ArrayList<>();
        SessionInbox[] self = new SessionInbox[1];
        self[0] = new SessionInbox(loop::add, 1000, e -> {
            got.add(e);
            if (e instanceof PreparedPublication && got.size() == 1) self[0].close(); // a disconnect mid-drain
        }, () -> { });
        self[0].resume();
        self[0].offer(pub(10), 74);
        self[0].offer(pub(10), 74);
        runLoop();
        assertThat(got).hasSize(2).last().isSameAs(SessionInbox.FLUSH);

        List<Object> thrown = new ArrayList<>();
        SessionInbox failing = new SessionInbox(loop::add, 1000, e -> {
            thrown.add(e);
            if (e != SessionInbox.FLUSH) throw new IllegalStateException("a bug in the consumer");
        }, () -> { });
        failing.resume();
        failing.offer(pub(10), 74);
        assertThatThrownBy(this::runLoop).isInstanceOf(IllegalStateException.class) // the throw still reaches the loop
                .hasMessage("a bug in the consumer");
        assertThat(thrown).hasSize(2).last().isSameAs(SessionInbox.FLUSH);
    }

    @Test
    void reportsOverflowOnceAndDeliversNothingAfterIt() {
        inbox.resume();
        for (int i = 0; i < 20; i++) inbox.offer(pub(100), 164);
        assertThat(overflows.get()).isEqualTo(1);
        runLoop();
        assertThat(seen).isEmpty(); // 6 fitted, but a client that missed the 7th must not get a gapped stream
    }

    @Test
    void acceptsNewEventsAfterADrainFreedTheirBytes() {
        inbox.resume();
        for (int i = 0; i < 6; i++) inbox.offer(pub(100), 164);
        runLoop();
        for (int i = 0; i < 6; i++) inbox.offer(pub(100), 164);
        runLoop();
        assertThat(overflows.get()).isZero();
        assertThat(seen).hasSize(14);
    }

    @Test
    void dropsEverythingOnceClosed() {
        inbox.resume();
        inbox.close();
        inbox.offer(pub(1), 65);
        runLoop();
        assertThat(seen).isEmpty();
    }
}
