package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The origin check of a WebSocket route, on a real server and socket: a refused Origin never gets the upgrade. */
class WebSocketOriginTest {
    private HttpServer server;

    private int start(OriginPolicy policy) throws InterruptedException {
        WebSocketRoute echo = TestRoute.of(policy, connection -> {
            return new WebSocketListener() {
                @Override
                public void onText(ByteBuf message) {
                    connection.buffer().writeBytes(message);
                }

                @Override
                public void onBinary(ByteBuf message) {
                }

                @Override
                public void onClose() {
                }

                @Override
                public void onReadComplete() {
                    connection.flush();
                }
            };
        });
        server = new HttpServer(new Router().websocket("/connection/websocket", echo), "127.0.0.1", 0, 65536, 1 << 20);
        server.start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** An upgrade request on a plain socket; its status line, and for a 101 the echo of one text frame. */
    private static String[] upgrade(int port, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = line(in);
            while (!line(in).isEmpty()) {
                // headers
            }
            if (!status.contains(" 101 ")) return new String[] {status, null};
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'}); // masked (zero mask) "hi"
            out.flush();
            int opcode = in.readUnsignedByte() & 0x0f;
            byte[] payload = new byte[in.readUnsignedByte() & 0x7f];
            in.readFully(payload);
            return new String[] {status, opcode + ":" + new String(payload, StandardCharsets.UTF_8)};
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("closed");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void aRefusedOriginGets403AndAnAllowedOneOpens() throws Exception {
        int port = start(new OriginPolicy(List.of("https://*.example.com")));
        assertThat(upgrade(port, "https://evil.net")[0]).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(upgrade(port, "https://example.com.evil.net")[0]).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(upgrade(port, "https://app.example.com")).containsExactly("HTTP/1.1 101 Switching Protocols", "1:hi");
        assertThat(upgrade(port, null)).containsExactly("HTTP/1.1 101 Switching Protocols", "1:hi"); // not a browser
    }

    @Test
    void anEmptyListRefusesEveryBrowser() throws Exception {
        int port = start(new OriginPolicy(List.of()));
        assertThat(upgrade(port, "http://127.0.0.1:" + port)[0]).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(upgrade(port, null)).containsExactly("HTTP/1.1 101 Switching Protocols", "1:hi");
    }

    @Test
    void aRouteWithoutAPolicyTakesEveryOrigin() throws Exception {
        int port = start(null);
        assertThat(upgrade(port, "https://evil.net")).containsExactly("HTTP/1.1 101 Switching Protocols", "1:hi");
    }
}
