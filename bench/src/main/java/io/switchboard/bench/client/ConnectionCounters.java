package io.switchboard.bench.client;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Failures and unexpected disconnects over all connections, and the first failure's reason. */
public final class ConnectionCounters {
    private final LongAdder failures = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    void failure(String reason) {
        failures.increment();
        firstFailure.compareAndSet(null, reason);
    }

    void disconnected() {
        disconnects.increment();
    }

    public long failures() {
        return failures.sum();
    }

    /** Connections that were subscribed and then closed without the generator asking. */
    public long disconnects() {
        return disconnects.sum();
    }

    public String firstFailure() {
        return firstFailure.get();
    }
}
