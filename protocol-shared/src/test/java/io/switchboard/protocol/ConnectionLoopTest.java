package io.switchboard.protocol;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's loop on Netty's embedded loop, whose clock the test moves. */
class ConnectionLoopTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ConnectionLoop loop = ConnectionLoop.of(channel.eventLoop());
    private final List<String> log = new ArrayList<>();

    {
        channel.freezeTime(); // only advanceTimeBy moves this clock
    }

    @Test
    void aTimerRunsOnceItsDelayHasPassedAndACancelledOneNever() {
        loop.schedule(100, () -> log.add("fired"));
        var cancelled = loop.schedule(100, () -> log.add("cancelled"));
        assertThat((Object) ConnectionLoop.cancel(cancelled)).isNull();
        channel.advanceTimeBy(99, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(log).isEmpty();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(log).containsExactly("fired");
    }

    @Test
    void aTimerThatThrowsDoesNotStopTheOthers() {
        loop.schedule(10, () -> {
            throw new IllegalStateException("a bug in a timer");
        });
        loop.schedule(10, () -> log.add("next"));
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(log).containsExactly("next");
    }

    @Test
    void aDoneFutureIsAnsweredInPlaceAndALaterOneIsFollowedByTheAfterStep() {
        loop.whenDone(CompletableFuture.completedFuture("now"), (v, e) -> log.add(v), () -> log.add("flush"));
        assertThat(log).containsExactly("now"); // in place: no flush of its own, it leaves with the turn's

        CompletableFuture<String> later = new CompletableFuture<>();
        loop.whenDone(later, (v, e) -> log.add(e == null ? v : "failed: " + e.getMessage()), () -> log.add("flush"));
        later.completeExceptionally(new IllegalStateException("engine down"));
        assertThat(log).containsExactly("now", "failed: engine down", "flush");
    }
}
