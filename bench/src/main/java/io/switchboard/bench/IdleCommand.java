package io.switchboard.bench;

import io.switchboard.bench.scenario.IdleScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bench idle}. */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "N connections each subscribed to its own channel, held for --duration: server memory per connection.")
final class IdleCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        return new BenchRunner(options, 1000).run(new IdleScenario());
    }
}
