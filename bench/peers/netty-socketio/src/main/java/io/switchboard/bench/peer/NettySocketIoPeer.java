package io.switchboard.bench.peer;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * netty-socketio as a benchmark peer, with the same contract as the Node peers: Socket.IO over WebSocket only on
 * {@code PORT}; a client emits {@code subscribe} {@code {channel}} and joins that room (acknowledged when the
 * client asks); {@code POST /api/publish} {@code {"channel":..,"data":..}} emits ("message", channel, data) to
 * the room. netty-socketio owns its port, so the HTTP API (and {@code GET /health}) listen on {@code PORT + 1}.
 * Configured as its documentation advises for speed: native epoll, TCP_NODELAY, WebSocket transport only.
 */
public final class NettySocketIoPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] OK = "{\"result\":{}}".getBytes(StandardCharsets.UTF_8);

    private NettySocketIoPeer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setTransports(Transport.WEBSOCKET);
        config.setUseLinuxNativeEpoll(true);
        SocketConfig socket = new SocketConfig();
        socket.setTcpNoDelay(true);
        socket.setReuseAddress(true);
        socket.setAcceptBackLog(4096);
        config.setSocketConfig(socket);

        SocketIOServer server = new SocketIOServer(config);
        server.addEventListener("subscribe", Map.class, (client, message, ack) -> {
            Object channel = message.get("channel");
            if (channel instanceof String name) client.joinRoom(name);
            if (ack.isAckRequested()) ack.sendAckData();
        });
        server.start();

        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port + 1), 1024);
        http.setExecutor(Executors.newSingleThreadExecutor());
        http.createContext("/health", exchange -> reply(exchange, 200, "ok".getBytes(StandardCharsets.UTF_8)));
        http.createContext("/api/publish", exchange -> {
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                reply(exchange, 400, "{\"error\":{\"code\":107,\"message\":\"bad request\"}}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String channel = body.path("channel").asText();
            server.getRoomOperations(channel).sendEvent("message", channel, body.get("data"));
            reply(exchange, 200, OK);
        });
        http.start();
        System.out.println("netty-socketio peer on 127.0.0.1:" + port + ", HTTP API on " + (port + 1));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
