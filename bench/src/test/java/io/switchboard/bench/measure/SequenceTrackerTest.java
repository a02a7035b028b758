package io.switchboard.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceTrackerTest {
    @Test
    void aRepeatedOrLateSequenceNumberIsADuplicateAndAGapIsMissing() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.accept(0);
        tracker.accept(1);
        tracker.accept(1);
        tracker.accept(3);
        tracker.accept(2);

        assertThat(tracker.unique()).isEqualTo(3);
        assertThat(tracker.duplicates()).isEqualTo(2);
    }
}
