package io.switchboard.socketcluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * One handshaken SocketCluster client, as the embedding application sees it (socketcluster-server's AGServerSocket):
 * its receivers ({@code transmit}) and procedures ({@code invoke}), transmits and invokes to the client, its auth
 * token, its channels. Handlers run on the socket's event loop; every method may be called from any thread.
 *
 * <pre>{@code
 * server.onConnection(socket -> {
 *     socket.procedure("login", (data, reply) -> {
 *         socket.setAuthToken(Map.of("sub", "bob"));   // #setAuthToken and the reply leave in one frame
 *         reply.end("ok");
 *     });
 *     socket.receiver("chat", data -> socket.transmit("echo", data));
 * });
 * }</pre>
 */
public final class SocketClusterSocket {
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);

    private final ScConnection connection;
    private final Map<String, TransmitHandler> receivers = new ConcurrentHashMap<>();
    private final Map<String, InvokeHandler> procedures = new ConcurrentHashMap<>();
    private final List<IntConsumer> closeHandlers = new CopyOnWriteArrayList<>();

    SocketClusterSocket(ScConnection connection) {
        this.connection = connection;
    }

    /** The id the handshake reply gave the client. */
    public String id() {
        return connection.id();
    }

    /** The {@code sub} of the socket's auth token; "" when not authenticated. */
    public String user() {
        return connection.userId();
    }

    public boolean isAuthenticated() {
        return connection.auth.authenticated();
    }

    /** The signed auth token the socket is authenticated with, or null. */
    public String signedAuthToken() {
        return connection.auth.signedToken();
    }

    /** Handles {@code transmit(event, data)} from the client (replaces an earlier handler of that event). */
    public SocketClusterSocket receiver(String event, TransmitHandler handler) {
        receivers.put(event, handler);
        return this;
    }

    /** Handles {@code invoke(procedure, data)} from the client; an invoke without a handler is answered with an error. */
    public SocketClusterSocket procedure(String procedure, InvokeHandler handler) {
        procedures.put(procedure, handler);
        return this;
    }

    /** Called once with the close code when the socket is gone. */
    public SocketClusterSocket onClose(IntConsumer handler) {
        closeHandlers.add(handler);
        return this;
    }

    /** An event without a cid: the client's {@code receiver(event)} gets it. */
    public void transmit(String event, Object data) {
        connection.transmit(event, data);
    }

    /** An event with a cid, answered by the client's {@code procedure(event)}: the reply's data, or an {@link InvokeException}. */
    public CompletableFuture<Object> invoke(String event, Object data) {
        return invoke(event, data, DEFAULT_ACK_TIMEOUT);
    }

    public CompletableFuture<Object> invoke(String event, Object data, Duration timeout) {
        return connection.invoke(event, data, timeout.toMillis());
    }

    /**
     * Authenticates the socket with a token the server signs over these claims ({@code sub} names the user for
     * every protocol; {@code exp} defaults to a day on) and sends it: {@code #setAuthToken {token}}.
     */
    public void setAuthToken(Map<String, Object> claims) {
        Map<String, Object> copy = Map.copyOf(claims);
        connection.onLoop(() -> connection.auth.setByServer(copy));
    }

    /** Ends the authenticated state: {@code #removeAuthToken}. */
    public void deauthenticate() {
        connection.onLoop(connection.auth::removeByServer);
    }

    /** Ends the socket's subscription to a channel: {@code #kickOut {channel, message}}. */
    public void kickOut(String channel, String message) {
        connection.onLoop(() -> connection.channels.kickOut(channel, message));
    }

    /** The channels the socket is subscribed to (or subscribing). */
    public CompletableFuture<List<String>> subscriptions() {
        CompletableFuture<List<String>> out = new CompletableFuture<>();
        connection.loop().run(() -> out.complete(connection.channels.list()));
        return out;
    }

    /** Closes the socket with this code (4500 and above: the client does not reconnect). */
    public void disconnect(int code) {
        connection.loop().run(() -> connection.close(code));
    }

    TransmitHandler receiver(String event) {
        return receivers.get(event);
    }

    InvokeHandler procedure(String procedure) {
        return procedures.get(procedure);
    }

    void closed(int code) {
        for (IntConsumer h : closeHandlers) {
            try {
                h.accept(code);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SocketClusterSocket.class).warn("close handler failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "SocketClusterSocket[" + id() + "]";
    }
}
