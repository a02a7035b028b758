package io.switchboard.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.Meters;

import java.util.concurrent.TimeUnit;

/** The core's {@link Meters} on a Micrometer registry: each call resolves (or creates) one meter. */
final class MicrometerMeters implements Meters {
    private final MeterRegistry registry;

    MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Count count(String name, String... labels) {
        Counter counter = Counter.builder(name).tags(labels).register(registry);
        return counter::increment;
    }

    @Override
    public Timer timer(String name, String... labels) {
        // qualified: the inherited Meters.Timer hides an imported Timer
        io.micrometer.core.instrument.Timer timer =
                io.micrometer.core.instrument.Timer.builder(name).tags(labels).register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
