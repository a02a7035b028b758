package io.switchboard.transport.sockjs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SockJS session on a fake clock: open, array, heartbeat and close frames, the second receiver, the timeouts. */
class SockJsSessionTest {
    private static final long HEARTBEAT = 25_000;
    private static final long DISCONNECT = 5_000;

    private final FakeLoop loop = new FakeLoop();
    private final List<List<String>> received = new ArrayList<>();
    private int closed;
    private int gone;
    private SockJsSession session;

    @BeforeEach
    void open() {
        session = new SockJsSession("s1", loop, HEARTBEAT, DISCONNECT, "peer", () -> gone++);
        session.handler(new SockJsSession.Handler() {
            @Override
            public void messages(List<String> messages) {
                received.add(messages);
            }

            @Override
            public void closed() {
                closed++;
            }
        });
    }

    @Test
    void theFirstPollIsAnsweredWithTheOpenFrameAndTheNextWithQueuedMessagesAsOneArray() {
        FakeReceiver first = FakeReceiver.poll();
        session.attach(first);
        assertThat(first.frames).containsExactly("o");
        assertThat(first.ended).isTrue();

        session.send("one");
        session.send("t\"wo\u2028");
        session.flush();
        FakeReceiver second = FakeReceiver.poll();
        session.attach(second);
        assertThat(second.frames).containsExactly("a[\"one\",\"t\\\"wo\\u2028\"]");
    }

    @Test
    void aHeldPollIsAnsweredAsSoonAsAMessageIsFlushed() {
        session.attach(FakeReceiver.poll());
        FakeReceiver held = FakeReceiver.poll();
        session.attach(held);
        assertThat(held.frames).isEmpty();
        session.send("x");
        session.flush();
        assertThat(held.frames).containsExactly("a[\"x\"]");
    }

    @Test
    void aStreamCarriesOpenMessagesAndHeartbeatsEveryHeartbeatDelay() {
        FakeReceiver stream = FakeReceiver.stream();
        session.attach(stream);
        session.send("x");
        session.flush();
        loop.advance(HEARTBEAT - 1);
        assertThat(stream.frames).containsExactly("o", "a[\"x\"]");
        loop.advance(1);
        assertThat(stream.frames).containsExactly("o", "a[\"x\"]", "h");
        loop.advance(HEARTBEAT);
        assertThat(stream.frames).containsExactly("o", "a[\"x\"]", "h", "h");
        assertThat(closed).isZero();
    }

    @Test
    void aSecondReceiverWhileOneIsHeldGetsTheAnotherConnectionCloseAndTheFirstStays() {
        FakeReceiver stream = FakeReceiver.stream();
        session.attach(stream);
        FakeReceiver intruder = FakeReceiver.stream();
        session.attach(intruder);
        assertThat(intruder.frames).containsExactly("c[2010,\"Another connection still open\"]");
        assertThat(intruder.ended).isTrue();
        session.send("still mine");
        session.flush();
        assertThat(stream.frames).containsExactly("o", "a[\"still mine\"]");
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void withoutAReceiverForTheDisconnectDelayTheSessionIsGone() {
        session.attach(FakeReceiver.poll());
        loop.advance(DISCONNECT - 1);
        assertThat(closed).isZero();
        FakeReceiver poll = FakeReceiver.poll();
        session.attach(poll); // a receiver in time resets the wait
        session.send("x");
        session.flush();
        loop.advance(DISCONNECT - 1);
        assertThat(closed).isZero();
        loop.advance(1);
        assertThat(closed).isEqualTo(1);
        assertThat(gone).isEqualTo(1);
        assertThat(session.receive(List.of("late"))).isFalse();
    }

    @Test
    void aHeldReceiverKeepsTheSessionBeyondTheDisconnectDelay() {
        session.attach(FakeReceiver.stream());
        loop.advance(DISCONNECT * 10);
        assertThat(closed).isZero();
        assertThat(gone).isZero();
    }

    @Test
    void aCloseIsWrittenToTheHeldReceiverAndAnsweredToEveryLaterRequestUntilTheDelay() {
        FakeReceiver stream = FakeReceiver.stream();
        session.attach(stream);
        session.send("last");
        session.close(3501, "{\"reason\":\"bad request\",\"reconnect\":false}");
        assertThat(stream.frames).containsExactly("o", "a[\"last\"]",
                "c[3501,\"{\\\"reason\\\":\\\"bad request\\\",\\\"reconnect\\\":false}\"]");
        assertThat(stream.ended).isTrue();
        assertThat(closed).isEqualTo(1);

        FakeReceiver later = FakeReceiver.poll();
        session.attach(later);
        assertThat(later.frames).containsExactly("c[3501,\"{\\\"reason\\\":\\\"bad request\\\",\\\"reconnect\\\":false}\"]");
        assertThat(gone).isZero();
        loop.advance(DISCONNECT);
        assertThat(gone).isEqualTo(1);
        assertThat(closed).isEqualTo(1);
    }

    @Test
    void aReceiverDroppedByTheNetworkEndsTheSessionWith1002() {
        FakeReceiver stream = FakeReceiver.stream();
        session.attach(stream);
        session.receiverGone(stream);
        assertThat(closed).isEqualTo(1);
        FakeReceiver next = FakeReceiver.poll();
        session.attach(next);
        assertThat(next.frames).containsExactly("c[1002,\"Connection interrupted\"]");
    }

    @Test
    void aRequestDroppedBeforeItReachesTheSessionIsNotHeldAndTheSessionStillTimesOut() {
        FakeReceiver dead = FakeReceiver.stream();
        dead.dropped = true;
        session.receiverGone(dead); // its drop was heard first
        session.attach(dead);
        assertThat(dead.frames).isEmpty();
        loop.advance(DISCONNECT);
        assertThat(gone).isEqualTo(1);

        SockJsSession open = new SockJsSession("s2", loop, HEARTBEAT, DISCONNECT, "peer", () -> gone++);
        open.attach(FakeReceiver.poll());
        FakeReceiver deadToo = FakeReceiver.stream();
        deadToo.dropped = true;
        open.attach(deadToo);
        loop.advance(DISCONNECT);
        assertThat(gone).isEqualTo(2);
    }

    @Test
    void aDropOfARequestThatNoLongerReceivesChangesNothing() {
        FakeReceiver intruder = FakeReceiver.stream();
        session.attach(FakeReceiver.stream());
        session.attach(intruder);
        session.receiverGone(intruder);
        assertThat(closed).isZero();
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void aStreamAtItsLimitEndsAndTheMessagesWaitForTheNext() {
        FakeReceiver small = FakeReceiver.streamOf(2);
        session.attach(small);
        session.send("a");
        session.flush();
        assertThat(small.frames).containsExactly("o", "a[\"a\"]");
        assertThat(small.ended).isTrue();
        session.send("b");
        session.flush();
        FakeReceiver next = FakeReceiver.stream();
        session.attach(next);
        assertThat(next.frames).containsExactly("a[\"b\"]");
    }

    @Test
    void messagesReachTheHandlerOnlyWhileOpenAndEmptyFramesAreIgnored() {
        assertThat(session.receive(List.of("early"))).isFalse();
        session.attach(FakeReceiver.stream());
        assertThat(session.receive(List.of())).isTrue();
        assertThat(session.receive(List.of("a", "b"))).isTrue();
        assertThat(received).containsExactly(List.of("a", "b"));
    }

    @Test
    void pendingBytesCountWhatIsQueuedUntilAReceiverTakesIt() {
        session.attach(FakeReceiver.poll());
        session.send("12345");
        session.flush();
        assertThat(session.pendingBytes()).isEqualTo(5);
        session.attach(FakeReceiver.poll());
        assertThat(session.pendingBytes()).isZero();
    }
}
