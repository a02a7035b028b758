package io.switchboard.bench.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar switchboard.jar serve --dev --config <bench config> --port <free>} on 127.0.0.1, optionally
 * under {@code taskset -c CPUS} (taskset execs java, so the pid is the JVM's). The bench config turns off
 * presence, join/leave and history that {@code --dev} switches on: with forced join/leave pushes, subscribing
 * N clients to one channel costs N² messages and would swamp what a broadcast measures.
 */
public final class ServerProcess implements AutoCloseable {
    static final String BENCH_CONFIG = """
            {"channel":{"without_namespace":{"presence":false,"join_leave":false,"force_push_join_leave":false,
              "history_size":0,"history_ttl":"0s","force_recovery":false,"force_positioning":false}},
             "pusher":{"enabled":true,"apps":[{"id":"bench","key":"bench-key","secret":"bench-secret"}]}}
            """;

    static final int FIRST_PORT = 19000;
    static final int LAST_PORT = 19999;

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server and waits until {@code /health} answers 200.
     *
     * @param cpus     taskset CPU list such as "0", or null to leave the server unpinned
     * @param jvmOpts  JVM options, the launcher's defaults unless the user gives others
     * @param config   a config file replacing the bench config, or null
     */
    public static ServerProcess start(Path jar, String cpus, List<String> jvmOpts, Path config, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("server jar not found: " + jar + " (build it: mvn -B -q package -DskipTests)");
        }
        Path dir = Files.createTempDirectory("switchboard-bench-");
        Path configFile = config != null ? config : Files.writeString(dir.resolve("bench-config.json"), BENCH_CONFIG);
        Path log = dir.resolve("server.log");
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (cpus != null) command.addAll(List.of("taskset", "-c", cpus));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOpts);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--dev", "--config", configFile.toString(),
                "--address", "127.0.0.1", "--port", Integer.toString(port)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(process, port, log);
        try {
            server.awaitHealthy(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public long pid() {
        return process.pid();
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port);
    }

    public Path log() {
        return log;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            // Polling a process we do not control: there is no event to wait on.
            Thread.sleep(100);
        }
        throw new IOException("server not healthy after " + timeout + "; see " + log);
    }

    /**
     * A free port in 19000-19999, the range set aside on shared machines for servers that benchmarks start (so
     * they never collide with a developer's server on 8000 or an ephemeral port). Starts at a random point so
     * concurrent runs rarely race for the same port.
     */
    static int freePort() throws IOException {
        int span = LAST_PORT - FIRST_PORT + 1;
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST_PORT + (start + i) % span;
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + "-" + LAST_PORT);
    }

    /** SIGTERM, then SIGKILL if the server has not stopped within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
