package io.switchboard.centrifugo;

import io.netty.util.concurrent.Ticker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/** Wall time that moves with the event loop's fake ticker. */
final class FakeClock extends Clock {
    private final Instant start;
    private final Ticker ticker;
    private final long origin;

    FakeClock(Ticker ticker, Instant start) {
        this.ticker = ticker;
        this.start = start;
        this.origin = ticker.nanoTime();
    }

    @Override
    public long millis() {
        return start.toEpochMilli() + TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - origin);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
