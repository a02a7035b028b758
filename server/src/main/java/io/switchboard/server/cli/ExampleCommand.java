package io.switchboard.server.cli;

import io.switchboard.server.Switchboard;
import io.switchboard.server.example.SocketClusterSuite;
import io.switchboard.server.example.SocketIoEcho;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code example}: runnable examples built on the embedding API. */
@Command(name = "example", mixinStandardHelpOptions = true, description = "Run an example server.",
        subcommands = {ExampleCommand.SocketIoEchoCommand.class, ExampleCommand.SocketClusterSuiteCommand.class})
public final class ExampleCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "socketio-echo", mixinStandardHelpOptions = true,
            description = "Engine.IO echo on /engine.io/ and Socket.IO echo namespaces / and /custom (what the "
                    + "Engine.IO and Socket.IO conformance suites expect).")
    static final class SocketIoEchoCommand implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "3000")
        int port;

        @Option(names = "--address", description = "bind address (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
        String address;

        @Override
        public Integer call() throws Exception {
            Switchboard server = SocketIoEcho.start(address, port);
            System.err.println("socketio-echo: Engine.IO on http://" + address + ":" + server.port()
                    + "/engine.io/, Socket.IO on http://" + address + ":" + server.port() + "/socket.io/");
            return serveUntilShutdown(server);
        }
    }

    @Command(name = "socketcluster-suite", mixinStandardHelpOptions = true,
            description = "SocketCluster on /socketcluster/ with what socketcluster-client's test suite expects: auth "
                    + "key testkey, procedures login, setAuthKey, performTask (and echo, ask).")
    static final class SocketClusterSuiteCommand implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8000")
        int port;

        @Option(names = "--address", description = "bind address (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
        String address;

        @Override
        public Integer call() throws Exception {
            Switchboard server = SocketClusterSuite.start(address, port);
            System.err.println("socketcluster-suite: SocketCluster on ws://" + address + ":" + server.port() + "/socketcluster/");
            return serveUntilShutdown(server);
        }
    }

    /** Marks the process as serving and keeps it so until the JVM shuts down, closing the server then. */
    static int serveUntilShutdown(Switchboard server) throws InterruptedException {
        ServeCommand.markServing();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "switchboard-shutdown"));
        stopped.await();
        return 0;
    }
}
