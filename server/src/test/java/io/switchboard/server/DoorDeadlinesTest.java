package io.switchboard.server;

import io.switchboard.transport.ConnectionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadlines at the door on a started server and a real socket: a client that connects and sends nothing is
 * answered 408 and closed at {@code http_server.read_header_timeout}; an idle keep-alive connection is closed at
 * {@code http_server.idle_timeout}. (A head dribbled byte by byte: {@code RequestDeadlinesTest}, on a fake clock.)
 */
class DoorDeadlinesTest {
    private static final Duration HEAD = Duration.ofMillis(400);
    private static final Duration IDLE = Duration.ofMillis(800);
    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Socket connect() throws Exception {
        server = Switchboard.builder().address("127.0.0.1").port(0)
                .connectionLimits(new ConnectionLimits(HEAD, IDLE, 0)).start();
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000); // far beyond the deadlines: a server that never closes fails the read
        return socket;
    }

    /** Everything the server sends until it closes the connection. */
    private static String untilClosed(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void aSilentSocketIsAnswered408AndClosedAtTheHeaderDeadline() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            String answer = untilClosed(socket);
            long waited = System.nanoTime() - start;
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").containsIgnoringCase("connection: close");
            assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(HEAD.minusMillis(50));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheIdleDeadline() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            String answer = untilClosed(socket);
            long waited = System.nanoTime() - start;
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("connection: keep-alive")
                    .doesNotContain("408");
            assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(IDLE.minusMillis(50));
        }
    }
}
