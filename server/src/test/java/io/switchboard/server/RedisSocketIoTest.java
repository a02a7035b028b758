package io.switchboard.server;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO's emits that address sockets, not rooms, across two nodes on one real Redis, with the official
 * Java client: a namespace's emit, a socket's broadcast to the namespace, and an emit to a socket id.
 */
class RedisSocketIoTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private Switchboard node(RedisServer redis, BlockingQueue<SocketIoSocket> connected) throws InterruptedException {
        Switchboard s = Switchboard.builder().port(0).channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("*")))
                .redis(RedisSettings.of(redis.address()).withPrefix(prefix))
                .start();
        open.add(s::close);
        s.namespace("/chat").onConnection(connected::add);
        return s;
    }

    private Socket client(Switchboard node) throws Exception {
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + node.port() + "/chat"), IO.Options.builder()
                .setForceNew(true).setReconnection(false).setTransports(new String[] {"websocket"}).build());
        open.add(socket::close);
        CompletableFuture<Void> up = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, a -> up.complete(null));
        socket.connect();
        up.get(10, TimeUnit.SECONDS);
        return socket;
    }

    private static CompletableFuture<Object[]> next(Socket socket, String event) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        socket.once(event, f::complete);
        return f;
    }

    @Test
    void emitsToTheNamespaceAndToASocketIdReachSocketsOfTheOtherNode() throws Exception {
        RedisServer redis = RedisServer.start();
        open.add(redis);
        BlockingQueue<SocketIoSocket> onA = new LinkedBlockingQueue<>();
        BlockingQueue<SocketIoSocket> onB = new LinkedBlockingQueue<>();
        Switchboard a = node(redis, onA);
        Switchboard b = node(redis, onB);
        Socket clientOfA = client(a);
        SocketIoSocket serverSideOfA = onA.poll(10, TimeUnit.SECONDS);
        Socket clientOfB = client(b);
        SocketIoSocket serverSideOfB = onB.poll(10, TimeUnit.SECONDS);

        CompletableFuture<Object[]> onBoth = next(clientOfA, "news").thenCombine(next(clientOfB, "news"), (x, y) -> y);
        a.namespace("/chat").emit("news", "hello", Map.of("n", 1), new byte[] {7, 8});
        Object[] got = onBoth.get(10, TimeUnit.SECONDS);
        assertThat(got[0]).isEqualTo("hello");
        assertThat(got[1].toString()).isEqualTo("{\"n\":1}");
        assertThat((byte[]) got[2]).containsExactly(7, 8);

        CompletableFuture<Object[]> direct = next(clientOfB, "for-you");
        serverSideOfA.to(serverSideOfB.id()).emit("for-you", "only b").get(10, TimeUnit.SECONDS);
        assertThat(direct.get(10, TimeUnit.SECONDS)).containsExactly("only b");

        // a socket's broadcast to its namespace spares the sender, on every node
        CompletableFuture<Object[]> toA = next(clientOfA, "shout");
        CompletableFuture<Object[]> toB = next(clientOfB, "shout");
        serverSideOfB.broadcast().emit("shout", "from b").get(10, TimeUnit.SECONDS);
        assertThat(toA.get(10, TimeUnit.SECONDS)).containsExactly("from b");
        CompletableFuture<Object[]> marker = next(clientOfB, "marker");
        a.namespace("/chat").emit("marker");
        marker.get(10, TimeUnit.SECONDS);
        assertThat(toB).isNotDone();
    }
}
