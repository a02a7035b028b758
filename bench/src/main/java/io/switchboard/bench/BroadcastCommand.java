package io.switchboard.bench;

import io.switchboard.bench.scenario.PublishScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bench broadcast}. */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = "N subscribers on one channel, publishes at --rate through the server API: deliveries/s, latency, loss.")
final class BroadcastCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        return new BenchRunner(options, 1000).run(PublishScenario.broadcast());
    }
}
