package io.switchboard.bench.measure;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.bench.payload.Payload;
import io.switchboard.bench.payload.Stamp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTimelineTest {
    @Test
    void aRunShorterThanOneTickStillGetsAPointForWhatArrived() {
        DeliveryRecorder recorder = new DeliveryRecorder();
        recorder.openWindow(0);
        try (LatencyTimeline timeline = new LatencyTimeline(recorder, () -> 1)) {
            timeline.start();
            ByteBuf message = Unpooled.buffer();
            Payload.write(message, Stamp.now(), 0, 100);
            recorder.record(message, 0, message.writerIndex(), Stamp.now(), new SequenceTracker());

            assertThat(timeline.finish().getTotalCount()).isEqualTo(1);
            assertThat(timeline.points()).hasSize(1);
            assertThat(timeline.points().get(0).deliveries()).isEqualTo(1);
        }
    }
}
