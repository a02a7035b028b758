package io.switchboard.bench;

import io.switchboard.bench.scenario.PublishScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bench channels}. */
@Command(name = "channels", mixinStandardHelpOptions = true,
        description = "N subscribers over N/10 channels, --rate publishes spread round-robin over the channels.")
final class ChannelsCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        return new BenchRunner(options, 1000).run(PublishScenario.manyChannels());
    }
}
