package io.switchboard.protocol;

import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscription's place in its stream, without sockets: holding, duplicates, gaps, epoch changes. */
class StreamCursorTest {
    private static PreparedPublication at(long offset, String epoch) {
        return new PreparedPublication("c", new Publication(offset, new byte[0], null, Map.of(), 0),
                new StreamPosition(offset, epoch));
    }

    @Test
    void holdsUntilLiveThenHandsBackWhatArrivedInOrder() {
        StreamCursor c = new StreamCursor(true);
        assertThat(c.holding()).isTrue();
        PreparedPublication a = at(5, "e"), b = at(6, "e");
        c.hold(a);
        c.hold(b);
        c.startAt(new StreamPosition(4, "e"));
        assertThat(c.goLive()).containsExactly(a, b);
        assertThat(c.holding()).isFalse();
        assertThat(c.goLive()).isEmpty();
    }

    @Test
    void dropsWhatRecoveryAlreadySentAndAdvancesOneByOne() {
        StreamCursor c = new StreamCursor(true);
        c.startAt(new StreamPosition(10, "e"));
        c.goLive();
        assertThat(c.step(at(9, "e"))).isEqualTo(StreamCursor.Step.DUPLICATE);
        assertThat(c.step(at(10, "e"))).isEqualTo(StreamCursor.Step.DUPLICATE);
        assertThat(c.step(at(11, "e"))).isEqualTo(StreamCursor.Step.DELIVER);
        assertThat(c.step(at(12, "e"))).isEqualTo(StreamCursor.Step.DELIVER);
        assertThat(c.offset()).isEqualTo(12);
    }

    @Test
    void aGapOrAnEpochChangeIsLostStateAndDoesNotMoveTheCursor() {
        StreamCursor c = new StreamCursor(true);
        c.startAt(new StreamPosition(3, "e"));
        c.goLive();
        assertThat(c.step(at(5, "e"))).isEqualTo(StreamCursor.Step.GAP);
        assertThat(c.step(at(4, "other"))).isEqualTo(StreamCursor.Step.GAP);
        assertThat(c.step(at(1, "other"))).isEqualTo(StreamCursor.Step.GAP); // a new epoch restarts offsets
        assertThat(c.offset()).isEqualTo(3);
        assertThat(c.epoch()).isEqualTo("e");
    }

    @Test
    void looseSteppingDeliversOnAfterAGapButStillDropsDuplicates() {
        StreamCursor c = new StreamCursor(true);
        c.startAt(new StreamPosition(3, "e"));
        c.goLive();
        assertThat(c.stepLoosely(at(3, "e"))).isEqualTo(StreamCursor.Step.DUPLICATE);
        assertThat(c.stepLoosely(at(7, "e"))).isEqualTo(StreamCursor.Step.DELIVER);
        assertThat(c.offset()).isEqualTo(7);
        assertThat(c.stepLoosely(at(0, ""))).isEqualTo(StreamCursor.Step.DELIVER); // no history: no offsets
    }

    @Test
    void anUnpositionedCursorDeliversEverything() {
        StreamCursor c = new StreamCursor(false);
        c.goLive();
        assertThat(c.step(at(9, "e"))).isEqualTo(StreamCursor.Step.DELIVER);
        assertThat(c.step(at(1, "x"))).isEqualTo(StreamCursor.Step.DELIVER);
        assertThat(c.stepLoosely(at(1, "x"))).isEqualTo(StreamCursor.Step.DELIVER);
    }
}
