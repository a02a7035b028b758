package io.switchboard.testing;

import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Runs a property for a fixed list of seeds and a number of iterations each. A failure names the seed and
 * iteration so that {@code Property.one(seed, iteration, body)} replays exactly that case.
 */
public final class Property {
    /** The seeds every property test uses; add one that found a bug, never remove. */
    public static final long[] SEEDS = {1L, 42L, 0x5EEDL, 20261202L, -7L};

    @FunctionalInterface
    public interface Body {
        void run(Random rnd) throws Exception;
    }

    @FunctionalInterface
    public interface Decode {
        void run() throws Exception;
    }

    private Property() {
    }

    public static void forAll(int iterations, Body body) {
        for (long seed : SEEDS) {
            for (int i = 0; i < iterations; i++) one(seed, i, body);
        }
    }

    /** Replays one case: the Random is seeded from the seed and the iteration. */
    public static void one(long seed, int iteration, Body body) {
        Random rnd = new Random(seed * 1_000_003L + iteration);
        try {
            body.run(rnd);
        } catch (Throwable t) {
            throw new AssertionError("property failed for seed " + seed + " iteration " + iteration + ": " + t, t);
        }
    }

    /**
     * Runs a decode that may succeed or throw {@code allowed}; anything else fails, and so does allocating more
     * than {@code 1 MiB + 64 * inputSize} bytes on this thread.
     */
    public static void onlyThrows(Class<? extends Throwable> allowed, int inputSize, Decode decode) {
        runOnce(allowed, decode); // the first run may load and initialise classes; measure the second
        long before = allocated();
        runOnce(allowed, decode);
        long used = allocated() - before;
        long bound = (1L << 20) + 64L * inputSize; // 1 MiB covers parser buffers and exceptions
        if (before >= 0 && used > bound) {
            throw new AssertionError("allocated " + used + " bytes for a " + inputSize + "-byte input (bound " + bound + ")");
        }
    }

    private static void runOnce(Class<? extends Throwable> allowed, Decode decode) {
        try {
            decode.run();
        } catch (Throwable t) {
            if (!allowed.isInstance(t)) throw new AssertionError("expected success or " + allowed.getSimpleName() + " but got " + t, t);
        }
    }

    private static long allocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
