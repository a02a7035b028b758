package io.switchboard.server.example;

import io.switchboard.server.Switchboard;
import io.switchboard.socketio.Namespace;
import io.switchboard.socketio.SocketIoOptions;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.socketio.engine.EngineIoOptions;

import java.time.Duration;
import java.util.List;

/**
 * The echo server the Engine.IO and Socket.IO conformance suites talk to, built only on the embedding API:
 * raw Engine.IO echo (text and binary) on {@code /engine.io/}; Socket.IO namespaces {@code /} and
 * {@code /custom} that emit {@code auth} with the handshake's auth on connect, answer {@code message} with
 * {@code message-back}, ack {@code message-with-ack} with its arguments, and send {@code emit-with-ack} back
 * asking for an ack whose arguments they then emit. Heartbeat 300 ms / 200 ms, connect timeout 1 s, CORS *.
 */
public final class SocketIoEcho {
    private SocketIoEcho() {
    }

    public static EngineIoOptions engineOptions() {
        return EngineIoOptions.defaults()
                .withPing(Duration.ofMillis(300), Duration.ofMillis(200))
                .withMaxHttpBufferSize(1_000_000)
                .withCors(List.of("*"), false);
    }

    public static Switchboard start(String address, int port) throws InterruptedException {
        Switchboard server = Switchboard.builder()
                .address(address).port(port)
                .socketIo(SocketIoOptions.defaults()
                        .withEngine(engineOptions())
                        .withConnectTimeout(Duration.ofSeconds(1))
                        .withRecovery(false, Duration.ofMinutes(2), true))
                .engineIo("/engine.io/", engineOptions(), session -> {
                    session.onMessage(session::send);
                    session.onBinary(session::send);
                })
                .start();
        echo(server.namespace("/"));
        echo(server.namespace("/custom"));
        return server;
    }

    private static void echo(Namespace namespace) {
        namespace.onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
            socket.on("message-with-ack", (args, ack) -> {
                if (ack != null) ack.send(args.toArray());
            });
            socket.on("emit-with-ack", (args, ack) -> askBack(socket, args));
        });
    }

    private static void askBack(SocketIoSocket socket, List<Object> args) {
        socket.emitWithAck("emit-with-ack", args.toArray())
                .thenAccept(reply -> socket.emit("emit-with-ack", reply.toArray()))
                .exceptionally(e -> null); // no answer: nothing to send back
    }
}
