package io.switchboard.protocol;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox on a loop the test runs by hand: bursts, the byte bound, the slow-client cut. */
class OutboxTest {
    private static final String END = "end of burst";
    private static final ClientInfo ALICE = new ClientInfo("u", "x", null, null);

    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final List<Object> seen = new ArrayList<>();
    private final AtomicInteger slow = new AtomicInteger();
    private final Outbox outbox = new Outbox(loop::add, 1000, recording(seen::add), slow::incrementAndGet);

    private static PreparedPublication pub(int size) {
        return new PreparedPublication("c", new Publication(0, new byte[size], null, Map.of(), 0), StreamPosition.NONE);
    }

    /** Records publications as themselves, joins and leaves as "join c"/"leave c", the end of a burst as END. */
    private static Outbox.Receiver recording(Consumer<Object> sink) {
        return new Outbox.Receiver() {
            @Override
            public void publication(PreparedPublication p) {
                sink.accept(p);
            }

            @Override
            public void join(String channel, ClientInfo info) {
                sink.accept("join " + channel);
            }

            @Override
            public void leave(String channel, ClientInfo info) {
                sink.accept("leave " + channel);
            }

            @Override
            public void endOfBurst() {
                sink.accept(END);
            }
        };
    }

    private void runLoop() {
        while (!loop.isEmpty()) loop.poll().run();
    }

    @Test
    void holdsEventsUntilResumedThenDrainsABurstInOneTaskEndingIt() {
        PreparedPublication first = pub(10), second = pub(10);
        outbox.publication(first);
        outbox.join("c", ALICE);
        assertThat(loop).isEmpty();
        outbox.resume();
        outbox.publication(second);
        outbox.leave("c", ALICE);
        assertThat(loop).hasSize(1);
        runLoop();
        assertThat(seen).containsExactly(first, "join c", second, "leave c", END);
    }

    @Test
    void aDrainThatHandedSomethingEndsTheBurstEvenIfClosedOrThrownMeanwhile() {
        List<Object> got = new ArrayList<>();
        Outbox[] self = new Outbox[1];
        self[0] = new Outbox(loop::add, 1000, recording(e -> {
            got.add(e);
            if (e instanceof PreparedPublication && got.size() == 1) self[0].close(); // a disconnect mid-drain
        }), () -> { });
        self[0].resume();
        self[0].publication(pub(10));
        self[0].publication(pub(10));
        runLoop();
        assertThat(got).hasSize(2).last().isEqualTo(END);

        List<Object> thrown = new ArrayList<>();
        Outbox failing = new Outbox(loop::add, 1000, recording(e -> {
            thrown.add(e);
            if (e != END) throw new IllegalStateException("a bug in the receiver");
        }), () -> { });
        failing.resume();
        failing.publication(pub(10));
        assertThatThrownBy(this::runLoop).isInstanceOf(IllegalStateException.class).hasMessage("a bug in the receiver");
        assertThat(thrown).hasSize(2).last().isEqualTo(END);
    }

    @Test
    void cutsASlowClientOnceAndDeliversNothingAfterIt() {
        outbox.resume();
        for (int i = 0; i < 20; i++) outbox.publication(pub(100));
        assertThat(slow.get()).isEqualTo(1);
        runLoop();
        assertThat(seen).isEmpty(); // 6 fitted, but a client that missed the 7th must not get a gapped stream
        assertThat(outbox.queuedBytes()).isZero();
    }

    @Test
    void cutsAClientThatLeavesMoreThanTheBoundUnwrittenAfterAFlush() {
        outbox.resume();
        outbox.written(1000);
        assertThat(slow.get()).isZero();
        outbox.written(1001);
        outbox.written(5000);
        assertThat(slow.get()).isEqualTo(1);
        outbox.publication(pub(1));
        runLoop();
        assertThat(seen).isEmpty();
    }

    @Test
    void acceptsNewEventsAfterADrainFreedTheirBytes() {
        outbox.resume();
        for (int i = 0; i < 6; i++) outbox.publication(pub(100));
        runLoop();
        for (int i = 0; i < 6; i++) outbox.publication(pub(100));
        runLoop();
        assertThat(slow.get()).isZero();
        assertThat(seen).hasSize(14);
    }

    @Test
    void dropsEverythingOnceClosed() {
        outbox.resume();
        outbox.close();
        outbox.publication(pub(1));
        outbox.join("c", ALICE);
        runLoop();
        assertThat(seen).isEmpty();
    }

    @Test
    void weighsEachEventItselfSoItsBytesReturnToZeroOnceDrained() {
        outbox.resume();
        for (int round = 0; round < 1000; round++) { // any leak per event would pass the bound of 1000 bytes
            outbox.publication(pub(100));
            outbox.leave("c", ALICE);
            assertThat(outbox.queuedBytes()).isEqualTo(164 + 128);
            runLoop();
            assertThat(outbox.queuedBytes()).isZero();
        }
        assertThat(slow.get()).isZero();
    }
}
