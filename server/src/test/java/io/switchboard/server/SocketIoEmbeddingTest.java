package io.switchboard.server;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import io.switchboard.socketio.ConnectError;
import io.switchboard.socketio.Namespace;
import io.switchboard.socketio.SocketIoSocket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java handler API of an embedded server, driven by the official Java client (io.socket:socket.io-client 2.x,
 * protocol v5): middleware, events with acks both ways, binary, rooms on core channels, namespace broadcasts.
 */
class SocketIoEmbeddingTest {
    private Switchboard server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final BlockingQueue<SocketIoSocket> connected = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = Switchboard.builder().port(0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("*")))
                .start();
        Namespace chat = server.namespace("/chat");
        chat.use((socket, next) -> {
            if ("letmein".equals(socket.handshake().auth().get("token"))) {
                socket.user("alice");
                next.accept();
            } else {
                next.reject(new ConnectError("not authorized", Map.of("code", 4)));
            }
        });
        chat.onConnection(socket -> {
            socket.join("lobby");
            socket.on("hello", (args, ack) -> {
                if (ack != null) ack.send("hi " + args.get(0), socket.user());
            });
            socket.on("shout", (args, ack) -> socket.to("lobby").emit("shouted", args.toArray()));
            socket.on("bytes", (args, ack) -> socket.emit("bytes-back", args.get(0), Map.of("len", ((byte[]) args.get(0)).length)));
            connected.add(socket);
        });
    }

    @AfterEach
    void stop() {
        clients.forEach(Socket::close);
        server.close();
    }

    private Socket client(String transport, Map<String, String> auth) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true).setReconnection(false)
                .setTransports(transport == null ? new String[] {"polling", "websocket"} : new String[] {transport})
                .setAuth(auth).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port() + "/chat"), options);
        clients.add(socket);
        return socket;
    }

    private Socket connect(String transport) throws Exception {
        Socket socket = client(transport, Map.of("token", "letmein"));
        CompletableFuture<Void> up = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, a -> up.complete(null));
        socket.once(Socket.EVENT_CONNECT_ERROR, a -> up.completeExceptionally(new AssertionError("refused: " + a[0])));
        socket.connect();
        up.get(10, TimeUnit.SECONDS);
        assertThat(connected.poll(5, TimeUnit.SECONDS)).isNotNull();
        return socket;
    }

    private static <T> CompletableFuture<T> next(Socket socket, String event) {
        CompletableFuture<T> f = new CompletableFuture<>();
        socket.once(event, args -> {
            @SuppressWarnings("unchecked")
            T value = (T) (args.length == 1 ? args[0] : args);
            f.complete(value);
        });
        return f;
    }

    @Test
    void aMiddlewareRefusesWithItsMessageAndData() throws Exception {
        Socket socket = client("websocket", Map.of("token", "wrong"));
        CompletableFuture<JSONObject> refused = next(socket, Socket.EVENT_CONNECT_ERROR);
        socket.connect();
        JSONObject err = refused.get(10, TimeUnit.SECONDS);
        assertThat(err.getString("message")).isEqualTo("not authorized");
        assertThat(err.getJSONObject("data").getInt("code")).isEqualTo(4);
        assertThat(server.namespace("/chat").sockets()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void anEventIsAckedWithWhatTheHandlerSends(String transport) throws Exception {
        Socket socket = connect(transport.equals("upgrade") ? null : transport);
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        socket.emit("hello", new Object[] {"bob"}, (Ack) answer::complete);
        assertThat(answer.get(5, TimeUnit.SECONDS)).containsExactly("hi bob", "alice");
    }

    @Test
    void theServerAsksForAnAckAndGetsTheClientsAnswer() throws Exception {
        Socket socket = connect("websocket");
        socket.on("question", args -> ((Ack) args[args.length - 1]).call("answer to " + args[0]));
        SocketIoSocket serverSide = server.namespace("/chat").sockets().iterator().next();
        List<Object> reply = serverSide.emitWithAck("question", "life").get(5, TimeUnit.SECONDS);
        assertThat(reply).containsExactly("answer to life");
    }

    @Test
    void binaryTravelsBothWays() throws Exception {
        Socket socket = connect("websocket");
        CompletableFuture<Object[]> back = next(socket, "bytes-back");
        socket.emit("bytes", (Object) new byte[] {1, 2, 3});
        Object[] args = back.get(5, TimeUnit.SECONDS);
        assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
        assertThat(((JSONObject) args[1]).getInt("len")).isEqualTo(3);
    }

    @Test
    void aRoomEmitReachesTheOthersInTheRoomButNotTheSender() throws Exception {
        Socket a = connect("websocket");
        Socket b = connect("websocket");
        List<Object> heardByA = new CopyOnWriteArrayList<>();
        a.on("shouted", args -> heardByA.add(args[0]));
        CompletableFuture<Object[]> heardByB = next(b, "shouted");
        a.emit("shout", "hey", 2);
        assertThat(heardByB.get(5, TimeUnit.SECONDS)).containsExactly("hey", 2);
        CompletableFuture<Object> marker = next(a, "marker");
        server.namespace("/chat").emit("marker", "m");
        marker.get(5, TimeUnit.SECONDS);
        assertThat(heardByA).isEmpty();
    }

    @Test
    void roomsAreCoreChannels() throws Exception {
        Socket socket = connect("websocket");
        CompletableFuture<Object> fromApi = next(socket, "message");
        server.node().publish("lobby", "{\"text\":\"from the core\"}".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT)
                .get(5, TimeUnit.SECONDS);
        assertThat(((JSONObject) fromApi.get(5, TimeUnit.SECONDS)).getString("text")).isEqualTo("from the core");

        var centrifugo = WsTestClient.connect(server.port(), true, null);
        centrifugo.handshake();
        centrifugo.send("{\"id\":2,\"subscribe\":{\"channel\":\"lobby\"}}");
        assertThat(centrifugo.next()).startsWith("{\"id\":2,\"subscribe\"");
        server.namespace("/chat").to("lobby").emit("news", Map.of("n", 1)).get(5, TimeUnit.SECONDS);
        String push = centrifugo.next();
        while (push.contains("\"join\"")) push = centrifugo.next(); // the dev options push joins too
        assertThat(push).contains("\"channel\":\"lobby\"").contains("\"data\":{\"n\":1}").contains("\"event\":\"news\"");
    }

    @Test
    void aNamespaceEmitReachesEverySocketOfIt() throws Exception {
        Socket a = connect("websocket");
        Socket b = connect("polling");
        CompletableFuture<Object> toA = next(a, "all");
        CompletableFuture<Object> toB = next(b, "all");
        server.namespace("/chat").emit("all", new JSONArray().put(1).toString());
        assertThat(toA.get(5, TimeUnit.SECONDS)).isEqualTo("[1]");
        assertThat(toB.get(5, TimeUnit.SECONDS)).isEqualTo("[1]");
    }

    @Test
    void theServerCanEndASocket() throws Exception {
        Socket socket = connect("websocket");
        CompletableFuture<Object> reason = next(socket, Socket.EVENT_DISCONNECT);
        SocketIoSocket serverSide = server.namespace("/chat").sockets().iterator().next();
        List<String> heard = new ArrayList<>();
        serverSide.onDisconnect(heard::add);
        serverSide.disconnect(false);
        assertThat(reason.get(5, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
        assertThat(heard).containsExactly("server namespace disconnect");
        assertThat(server.node().info().numClients()).isZero();
        assertThat(server.node().hub().numChannels()).isZero();
    }

    @Test
    void aClientThatLeavesLeavesNothingBehind() throws Exception {
        Socket socket = connect("polling");
        assertThat(server.node().info().numClients()).isEqualTo(1);
        CompletableFuture<String> left = new CompletableFuture<>();
        server.namespace("/chat").sockets().iterator().next().onDisconnect(left::complete);
        socket.close();
        // the socket's handlers run after it left its rooms and the node
        assertThat(left.get(5, TimeUnit.SECONDS)).isEqualTo("client namespace disconnect");
        assertThat(server.node().info().numClients()).isZero();
        assertThat(server.node().hub().numChannels()).isZero();
        awaitNoEngineSessions(); // the Engine.IO session ends on the close packet that follows
    }

    private void awaitNoEngineSessions() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.socketIo().sessionCount() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(server.socketIo().sessionCount()).isZero();
    }
}
