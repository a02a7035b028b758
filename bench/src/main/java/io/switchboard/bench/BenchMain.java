package io.switchboard.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchboard-bench.jar}: one subcommand per scenario; {@code ./switchboard bench ...} dispatches here. */
@Command(name = "switchboard bench", mixinStandardHelpOptions = true, version = "switchboard bench 0.1.0",
        description = "Load generator for Switchboard: opens subscriber connections, publishes at a fixed rate, "
                + "measures deliveries, latency, loss and the server's CPU and memory.",
        subcommands = {BroadcastCommand.class, ChannelsCommand.class, IdleCommand.class, StormCommand.class})
public final class BenchMain {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs without exiting the JVM: what tests call. */
    public static int run(String... args) {
        return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
