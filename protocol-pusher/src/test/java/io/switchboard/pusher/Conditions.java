package io.switchboard.pusher;

import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread makes true, failing after 5 s. */
final class Conditions {
    private Conditions() {
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls the condition, waits for no time
        }
    }
}
