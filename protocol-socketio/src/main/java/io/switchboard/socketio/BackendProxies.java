package io.switchboard.socketio;

import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.protocol.ConnectionAccess;
import io.switchboard.protocol.Verdict;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxyCaller;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxySettings;
import io.switchboard.socketio.internal.codec.JsonValues;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Centrifugo's proxies in Socket.IO's terms. The connect proxy decides a socket without a connection token: its
 * {@code auth} payload is the request's {@code data}, its handshake headers the transport headers; an error or a
 * disconnect from the backend is a {@code connect_error} with the code. An event with an ack that no handler
 * claimed goes to the RPC proxy, the event name as method, its argument (or arguments, as an array) as data; the
 * ack is answered error first: {@code (null, data)}, or {@code ({code, message})}.
 */
final class BackendProxies {
    private final Proxies proxies;
    private final TokenAuth tokens;
    private final ConnectionAccess access;

    BackendProxies(Proxies proxies, TokenAuth tokens, ConnectionAccess access) {
        this.proxies = proxies;
        this.tokens = tokens;
        this.access = access;
    }

    private ProxySettings settings() {
        return proxies.settings();
    }

    boolean connects() {
        return settings().connect() != null;
    }

    boolean answersRpc() {
        return settings().rpcEnabled();
    }

    static ProxyCaller caller(SocketIoSocket socket) {
        Map<String, String> headers = socket.handshake().headers();
        return new ProxyCaller(socket.id(), socket.transport(), "json", socket.user(), socket.proxyMeta,
                headers::get, Map.of());
    }

    /** The middleware of a connect proxy: a socket with a token is the token's, one without the backend's. */
    Middleware connectMiddleware() {
        return (socket, next) -> {
            Object token = socket.handshake().auth().get("token");
            if (token == null) token = socket.handshake().query().get("token");
            if (token != null && tokens != null) {
                tokens.handle(socket, next);
                return;
            }
            byte[] data = json(socket.handshake().auth(), settings().connect());
            proxies.connect(caller(socket), data, "", "", List.of()).whenComplete((reply, err) -> socket.conn.execute(() -> {
                if (err != null) {
                    next.reject(error(ClientError.INTERNAL));
                } else if (reply.verdict() instanceof Verdict.Refused r) {
                    next.reject(error(r.error()));
                } else if (reply.verdict() instanceof Verdict.Ended e) {
                    next.reject(new ConnectError(e.disconnect().reason(), Map.of("code", e.disconnect().code())));
                } else if (reply.result() == null) {
                    // the backend named no one: anonymous if anonymous clients may connect
                    if (access == null || access.authenticate("").accepted()) next.accept();
                    else next.reject(new ConnectError("unauthorized", Map.of("code", 101)));
                } else {
                    socket.user(reply.result().user());
                    socket.proxyMeta = reply.result().meta();
                    scheduleExpiry(socket, reply.result().expireAt());
                    // channels and subs are server-side subscriptions, in before the connect as in Centrifugo
                    java.util.Set<String> channels = new java.util.LinkedHashSet<>(reply.result().channels());
                    channels.addAll(reply.result().subs().keySet());
                    socket.joinServerSide(channels).whenComplete((v, e) -> socket.conn.execute(next::accept));
                }
            }));
        };
    }

    /** At expiry the refresh proxy decides when there is one; else the socket is disconnected to reconnect anew. */
    private void scheduleExpiry(SocketIoSocket socket, long expireAt) {
        if (expireAt <= 0) return;
        long delayMs = Math.max(0, expireAt * 1000 - System.currentTimeMillis());
        socket.expiry = socket.conn.loop().schedule(delayMs, () -> {
            if (settings().refresh() == null) {
                socket.disconnect(Disconnect.EXPIRED);
                return;
            }
            proxies.refresh(caller(socket)).whenComplete((reply, err) -> socket.conn.execute(() -> {
                if (!socket.connected()) return;
                if (err != null || reply.verdict() instanceof Verdict.Refused) {
                    socket.disconnect(Disconnect.SERVER_ERROR);
                } else if (reply.verdict() instanceof Verdict.Ended e) {
                    socket.disconnect(e.disconnect());
                } else if (reply.result().expired() || reply.result().expireAt() * 1000 <= System.currentTimeMillis()) {
                    socket.disconnect(Disconnect.EXPIRED);
                } else {
                    if (reply.result().meta() != null) socket.proxyMeta = reply.result().meta();
                    scheduleExpiry(socket, reply.result().expireAt());
                }
            }));
        });
    }

    /** An event with an ack that nothing else handled, answered by the RPC proxy of its name's namespace. */
    void rpc(SocketIoSocket socket, String event, List<Object> args, Ack ack) {
        ProxySettings.RpcRoute route = settings().rpc(event);
        if (route.error() != null) {
            ack.send(errorObject(route.error()));
            return;
        }
        ProxyEndpoint proxy = route.proxy();
        byte[] data = args.isEmpty() ? null : json(args.size() == 1 ? args.get(0) : args, proxy);
        if (!args.isEmpty() && data == null) {
            ack.send(errorObject(ClientError.BAD_REQUEST)); // binary arguments without binary_encoding
            return;
        }
        proxies.rpc(proxy, caller(socket), event, data).whenComplete((reply, err) -> {
            if (err != null) {
                ack.send(errorObject(ClientError.INTERNAL));
            } else if (reply.verdict() instanceof Verdict.Refused r) {
                ack.send(errorObject(r.error()));
            } else if (reply.verdict() instanceof Verdict.Ended e) {
                ack.send(errorObject(new ClientError(e.disconnect().code(), e.disconnect().reason(), false)));
                socket.disconnect(e.disconnect());
            } else {
                byte[] out = reply.result().data();
                Object value = out == null ? null
                        : proxy.binaryEncoding() ? out : new RawJson(new String(out, StandardCharsets.UTF_8));
                ack.send(null, value);
            }
        });
    }

    /** A value as the request's payload: JSON, or with binary_encoding the bytes of a lone binary argument. */
    private static byte[] json(Object value, ProxyEndpoint proxy) {
        if (value instanceof Map<?, ?> m && m.isEmpty()) return null;
        if (proxy.binaryEncoding() && value instanceof byte[] bytes) return bytes;
        List<byte[]> attachments = new ArrayList<>(0);
        String text = JsonValues.write(value, attachments);
        return attachments.isEmpty() ? text.getBytes(StandardCharsets.UTF_8) : null;
    }

    private static ConnectError error(ClientError e) {
        return new ConnectError(e.message(), Map.of("code", e.code()));
    }

    private static Map<String, Object> errorObject(ClientError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", e.code());
        m.put("message", e.message());
        return m;
    }
}
