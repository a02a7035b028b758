package io.switchboard.server;

import io.switchboard.server.cli.CheckconfigCommand;
import io.switchboard.server.cli.ExampleCommand;
import io.switchboard.server.cli.GenconfigCommand;
import io.switchboard.server.cli.GentokenCommand;
import io.switchboard.server.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command line: serve, genconfig, checkconfig, gentoken, example, version. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard " + Switchboard.VERSION,
        description = "Real-time messaging server speaking the Centrifugo, Socket.IO, Pusher and SocketCluster client protocols.",
        subcommands = {ServeCommand.class, GenconfigCommand.class, CheckconfigCommand.class, GentokenCommand.class,
                ExampleCommand.class, Main.Version.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || !ServeCommand.serving()) System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code switchboard version}: what {@code -V} prints. */
    @Command(name = "version", description = "Print the version and exit.")
    static final class Version implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println("switchboard " + Switchboard.VERSION);
        }
    }
}
