package io.switchboard.bench;

import io.switchboard.bench.scenario.StormScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bench storm}. */
@Command(name = "storm", mixinStandardHelpOptions = true,
        description = "Connect storm: up to N connections as fast as accepted, until the first failures: connections per second.")
final class StormCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        return new BenchRunner(options, 10000).run(new StormScenario());
    }
}
