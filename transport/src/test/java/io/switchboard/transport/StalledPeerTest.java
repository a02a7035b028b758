package io.switchboard.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The drop of a closing connection, judged by the peer's progress, on a fake clock. */
class StalledPeerTest {
    private static final long GRACE = 1000;
    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel loop = EmbeddedChannel.builder().ticker(ticker).build();
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicInteger aborts = new AtomicInteger();

    private void watch(long bytes) {
        unsent.set(bytes);
        StalledPeer.watch(loop.eventLoop(), unsent::get, aborts::incrementAndGet, GRACE);
    }

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
    }

    @Test
    void aPeerThatTakesNothingForTheGraceIsDropped() {
        watch(100_000);
        advance(GRACE - 1);
        assertThat(aborts).hasValue(0);
        advance(1);
        assertThat(aborts).hasValue(1);
    }

    @Test
    void aPeerThatKeepsReadingIsNotDroppedHoweverLongItTakes() {
        watch(100_000);
        for (int i = 1; i <= 9; i++) {
            unsent.set(100_000 - i * 10_000); // some taken in every period
            advance(GRACE);
        }
        assertThat(aborts).hasValue(0);
        advance(GRACE); // then it stops reading
        assertThat(aborts).hasValue(1);
    }

    @Test
    void nothingLeftToSendNeedsNoWatch() {
        watch(0);
        advance(10 * GRACE);
        assertThat(aborts).hasValue(0);
        watch(50);
        unsent.set(0); // the rest left: the close completes by itself
        advance(10 * GRACE);
        assertThat(aborts).hasValue(0);
    }
}
