package io.switchboard.interop;

import io.switchboard.testing.ServerJar;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server jar started as its own process with a config file, as a user runs it. Tests of official
 * clients use it because those clients' dependencies must not share a JVM with the server's.
 */
final class ServerProcess implements AutoCloseable {
    final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServerProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The jar to start; fails when it is missing or stale (see {@link ServerJar}). */
    static Path jar() {
        return ServerJar.checked();
    }

    static ServerProcess start(String configJson) throws Exception {
        Path config = Files.createTempFile("switchboard-interop", ".json");
        Files.writeString(config, configJson);
        Path log = Files.createTempFile("switchboard-interop", ".log");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("java", "-jar", jar().toString(), "serve", "--config", config.toString(),
                "--port", String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(port, p, log);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("server exited:\n" + log());
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not healthy within 30 s:\n" + log());
    }

    /** POSTs to the server API and returns the response body. */
    String api(String method, String body, String key) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + method))
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("API " + method + " answered " + r.statusCode());
        return r.body();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
