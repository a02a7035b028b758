package io.switchboard.server.cli;

import io.switchboard.server.config.ConfigException;
import io.switchboard.server.config.ConfigLoader;
import io.switchboard.server.config.SwitchboardConfig;
import io.switchboard.server.Switchboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code checkconfig}: validates a config as {@code serve} would load it (the file plus {@code SWITCHBOARD_*}
 * variables). "config OK" goes to stdout; warnings and errors go to stderr.
 */
@Command(name = "checkconfig", mixinStandardHelpOptions = true, version = "switchboard " + Switchboard.VERSION,
        description = "Check a config file (and SWITCHBOARD_* variables); exit 1 if it has errors.")
public final class CheckconfigCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config.json",
            description = "config file (default: ${DEFAULT-VALUE})")
    Path config;

    public CheckconfigCommand() {
        this(System.getenv());
    }

    public CheckconfigCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SwitchboardConfig loaded;
        try {
            loaded = ConfigLoader.load(config, false, env, ConfigLoader.Overrides.NONE);
        } catch (ConfigException e) {
            e.errors().forEach(message -> err.println("error: " + message));
            e.warnings().forEach(warning -> err.println("warning: " + warning));
            return 1;
        }
        spec.commandLine().getOut().println("config OK: " + config);
        loaded.warnings().forEach(warning -> err.println("warning: " + warning));
        return 0;
    }
}
