package io.switchboard.server.example;

import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.server.Switchboard;
import io.switchboard.socketcluster.SocketClusterError;
import io.switchboard.socketcluster.SocketClusterSettings;
import io.switchboard.socketcluster.SocketClusterSocket;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server socketcluster-client's own test suite talks to, built only on the embedding API: SocketCluster at
 * {@code /socketcluster/}, auth tokens signed and verified with the suite's key {@code testkey}, every channel open,
 * anonymous sockets allowed, and the suite's procedures: {@code login} (bob, kate and alice get a token of their data;
 * anyone else {@code FailedLoginError}), {@code loginWithTenDayExp}/{@code loginWithTenDayExpiry}, {@code setAuthKey}
 * (the server's token key from then on), {@code performTask} (answers after a second). For the interop tests also {@code echo}
 * (invoke: the data back; transmit: {@code echo} back) and {@code ask} (invokes the client's {@code double} with the
 * data and transmits the result as {@code answer}).
 */
public final class SocketClusterSuite {
    public static final String AUTH_KEY = "testkey";
    static final Set<String> USERS = Set.of("bob", "kate", "alice");
    static final long TEN_DAYS_SECONDS = 10 * 24 * 3600;

    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "socketcluster-suite");
        t.setDaemon(true);
        return t;
    });

    private SocketClusterSuite() {
    }

    public static Switchboard start(String address, int port) throws InterruptedException {
        Switchboard server = Switchboard.builder()
                .address(address).port(port)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withTokenKeys(TokenKeys.hmac(AUTH_KEY), null))
                .apiInsecure(true)
                .socketIo(null)
                .socketCluster(SocketClusterSettings.defaults())
                .start();
        server.socketCluster().onConnection(socket -> serve(server, socket));
        return server;
    }

    static void serve(Switchboard server, SocketClusterSocket socket) {
        socket.procedure("login", (data, reply) -> {
            if (data instanceof Map<?, ?> m && USERS.contains(String.valueOf(m.get("username")))) {
                socket.setAuthToken(claims(m, 0));
                reply.end();
            } else {
                reply.error(new SocketClusterError("FailedLoginError", "Failed to login"));
            }
        });
        for (String name : new String[] {"loginWithTenDayExp", "loginWithTenDayExpiry"}) {
            socket.procedure(name, (data, reply) -> {
                socket.setAuthToken(claims(data instanceof Map<?, ?> m ? m : Map.of(), TEN_DAYS_SECONDS));
                reply.end();
            });
        }
        socket.procedure("setAuthKey", (data, reply) -> {
            if (data instanceof String key && !key.isEmpty()) {
                server.replaceTokenKeys(TokenKeys.hmac(key));
                reply.end();
            } else {
                reply.error(new SocketClusterError("InvalidArgumentsError", "the key must be a non-empty string"));
            }
        });
        socket.procedure("performTask", (data, reply) -> LATER.schedule(() -> reply.end(), 1, TimeUnit.SECONDS));
        socket.procedure("echo", (data, reply) -> reply.end(data));
        socket.receiver("echo", data -> socket.transmit("echo", data));
        socket.receiver("ask", data -> socket.invoke("double", data)
                .thenAccept(answer -> socket.transmit("answer", answer)));
    }

    private static Map<String, Object> claims(Map<?, ?> data, long ttlSeconds) {
        Map<String, Object> claims = new LinkedHashMap<>();
        data.forEach((k, v) -> claims.put(String.valueOf(k), v));
        if (ttlSeconds > 0) claims.put("exp", System.currentTimeMillis() / 1000 + ttlSeconds);
        return claims;
    }
}
