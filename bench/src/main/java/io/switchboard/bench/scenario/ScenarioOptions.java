package io.switchboard.bench.scenario;

/**
 * What a scenario is asked to do, independent of the command line.
 *
 * @param channels       channels the subscribers spread over (ignored by idle and storm: one each)
 * @param concurrency    connection attempts in flight at once while ramping up
 * @param maxFailures    failed connections tolerated before the ramp stops (storm: its stop condition)
 * @param drainSeconds   how long to wait after the last publish for deliveries to arrive
 */
public record ScenarioOptions(int subscribers, int channels, double rate, double durationSeconds,
                              double warmupSeconds, int payloadBytes, int concurrency, long maxFailures,
                              double drainSeconds) {
    public ScenarioOptions {
        if (subscribers < 1) throw new IllegalArgumentException("--subscribers must be at least 1");
        if (durationSeconds <= 0) throw new IllegalArgumentException("--duration must be positive");
        if (warmupSeconds < 0) throw new IllegalArgumentException("--warmup must not be negative");
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
    }
}
