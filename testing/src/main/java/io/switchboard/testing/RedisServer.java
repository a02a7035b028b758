package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server on a free loopback port, for the tests that need one: no persistence, its own
 * directory, stopped by {@link #close}. {@code REDIS_SERVER} names the binary when it is not on the PATH
 * (./run-tests installs Debian's). A missing binary fails the test: it is never skipped.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final List<String> command;
    private volatile Process process;

    private RedisServer(int port, Path dir, List<String> command) {
        this.port = port;
        this.dir = dir;
        this.command = List.copyOf(command);
    }

    public static RedisServer start(String... extraArgs) {
        return start(freePort(), extraArgs);
    }

    /** Starts on a given port, as a restarted instance must. */
    public static RedisServer start(int port, String... extraArgs) {
        try {
            Path dir = Files.createTempDirectory("redis-test");
            List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            cmd.addAll(List.of(extraArgs));
            RedisServer server = new RedisServer(port, dir, cmd);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server (is it installed? ./run-tests installs it)", e);
        }
    }

    /** A Redis Sentinel on a free port watching the master at {@code masterPort} under {@code masterName}. */
    public static RedisServer startSentinel(int masterPort, String masterName) {
        try {
            Path dir = Files.createTempDirectory("redis-sentinel");
            int port = freePort();
            Path conf = Files.writeString(dir.resolve("sentinel.conf"), "port " + port + "\nbind 127.0.0.1\ndir "
                    + dir + "\nsentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1\n");
            RedisServer server = new RedisServer(port, dir, List.of(binary(), conf.toString(), "--sentinel"));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server --sentinel", e);
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        awaitPong();
    }

    /**
     * Starts it again after {@link #close} or {@link #kill}: same port, same directory and arguments (a cluster
     * node finds its nodes.conf there), no data unless it was saved.
     */
    public void restart() {
        if (process.isAlive()) throw new IllegalStateException("redis-server on " + port + " is still running");
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Sends one inline command and returns the first line of the answer. */
    public String command(String inline) {
        return send((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one command of binary-safe arguments and returns the first line of the answer. */
    public String command(byte[]... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return send(out.toByteArray());
    }

    /**
     * Sends one inline command and returns its whole answer: a String (simple, bulk, or "-ERR ..." for an
     * error), a Long, a List of those, or null.
     */
    public Object reply(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command whose answer is a bulk string (CLUSTER INFO, CLUSTER NODES). */
    public String bulk(String inline) {
        return (String) reply(inline);
    }

    private static Object read(InputStream in) throws IOException {
        String line = readLine(in);
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
                return rest;
            case '-':
                return line;
            case ':':
                return Long.parseLong(rest);
            case '$': {
                int length = Integer.parseInt(rest);
                if (length < 0) return null;
                String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                readLine(in);
                return value;
            }
            case '*': {
                int n = Integer.parseInt(rest);
                if (n < 0) return null;
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) items.add(read(in));
                return items;
            }
            default:
                throw new IOException("not a RESP2 answer: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') line.append((char) c);
        return line.toString();
    }

    private String send(byte[] command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(command);
            out.flush();
            return readLine(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
            }
            try {
                if ("+PONG".equals(command("PING"))) return;
            } catch (UncheckedIOException e) {
                last = e.getCause();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // poll PING, not a fixed wait
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer PING within " + START_TIMEOUT, last);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it abruptly (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String binary() {
        String env = System.getenv("REDIS_SERVER");
        return env != null && !env.isEmpty() ? env : "redis-server";
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
