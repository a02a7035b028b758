package io.switchboard.socketcluster;

import io.switchboard.core.ClientError;
import io.switchboard.json.CompactJson;
import io.switchboard.json.RawValue;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.Verdict;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxyCaller;
import io.switchboard.protocol.proxy.ProxySettings;
import io.switchboard.socketcluster.internal.codec.Packet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Centrifugo's proxies in SocketCluster's terms. The connect proxy decides a {@code #handshake} without an
 * {@code authToken} (the upgrade request's headers as transport headers; SocketCluster's handshake carries no
 * other data): the socket is the user it names, not authenticated by a token; an error from the backend is the
 * handshake's error ({@code AuthError}, or {@code ServerError} for 100, with {@code code}) and close 4008, a
 * disconnect closes with its code. An invoke no procedure handles goes to the RPC proxy, the event as method.
 */
final class ScProxies {
    private final Proxies proxies;
    private final ClientAccess access;

    ScProxies(Proxies proxies, ClientAccess access) {
        this.proxies = proxies;
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

    private static ProxyCaller caller(ScConnection c) {
        return new ProxyCaller(c.id(), "websocket", "json", c.auth.user(), c.proxyMeta, c::header, Map.of());
    }

    void handshake(ScConnection c, Packet.Event e) {
        proxies.connect(caller(c), null, "", "", List.of()).whenComplete((reply, err) -> c.onLoop(() -> {
            if (c.isClosed()) return;
            if (err != null) {
                c.refuseHandshake(e, error(ClientError.INTERNAL));
            } else if (reply.verdict() instanceof Verdict.Refused r) {
                c.refuseHandshake(e, error(r.error()));
            } else if (reply.verdict() instanceof Verdict.Ended d) {
                c.close(ScConnection.closeCode(d.disconnect()));
            } else if (reply.result() == null && !access.connection().authenticate(null).accepted()) {
                c.refuseHandshake(e, ScErrors.AUTH_REQUIRED);
            } else {
                String signed = null;
                if (reply.result() != null) {
                    signed = c.auth.proxied(reply.result().user(), reply.result().expireAt(), reply.result().info());
                    c.proxyMeta = reply.result().meta();
                }
                c.completeHandshake(e, null);
                if (signed != null) {
                    c.flush();
                    c.setAuthTokenAfterHandshake(signed);
                }
            }
            c.flush();
        }));
    }

    void invoke(ScConnection c, String procedure, Object data, ScConnection.Reply reply) {
        ProxySettings.RpcRoute route = settings().rpc(procedure);
        if (route.error() != null) {
            reply.error(refused(route.error(), "ServerError"));
            return;
        }
        byte[] json = data == null ? null : CompactJson.write(data).getBytes(StandardCharsets.UTF_8);
        proxies.rpc(route.proxy(), caller(c), procedure, json).whenComplete((r, err) -> {
            if (err != null) {
                reply.error(refused(ClientError.INTERNAL, "ServerError"));
            } else if (r.verdict() instanceof Verdict.Refused no) {
                reply.error(refused(no.error(), "ServerError"));
            } else if (r.verdict() instanceof Verdict.Ended d) {
                reply.error(refused(new ClientError(d.disconnect().code(), d.disconnect().reason(), false), "ServerError"));
                c.disconnect(d.disconnect());
            } else if (r.result().data() == null) {
                reply.end();
            } else {
                String text = new String(r.result().data(), StandardCharsets.UTF_8);
                reply.end((RawValue) () -> text);
            }
        });
    }

    /** A refused handshake: {@code AuthError}, or {@code ServerError} when the call failed. */
    private static SocketClusterError error(ClientError e) {
        return refused(e, e.code() == ClientError.INTERNAL.code() ? "ServerError" : "AuthError");
    }

    private static SocketClusterError refused(ClientError e, String name) {
        return new SocketClusterError(name, e.message(), Map.of("code", e.code()));
    }

}
