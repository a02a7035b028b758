package io.switchboard.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.Meters;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The core's {@link Meters} on a Micrometer registry: each call resolves (or creates) one meter. A counter has one
 * {@link Count}, whoever asks for it: the hub groups a channel's subscribers by their count's identity.
 */
final class MicrometerMeters implements Meters {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<Counter, Count> counts = new ConcurrentHashMap<>();

    MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Count count(String name, String... labels) {
        Counter counter = Counter.builder(name).tags(labels).register(registry);
        return counts.computeIfAbsent(counter, c -> c::increment);
    }

    @Override
    public Timer timer(String name, String... labels) {
        // qualified: the inherited Meters.Timer hides an imported Timer
        io.micrometer.core.instrument.Timer timer =
                io.micrometer.core.instrument.Timer.builder(name).tags(labels).register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
