package io.switchboard.socketcluster;

import io.switchboard.auth.ConnectionToken;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionAccess;
import io.switchboard.socketcluster.internal.codec.Packet;
import io.switchboard.socketcluster.internal.codec.ServerPackets;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One socket's auth state: the signed token it presented (in {@code #handshake}, with {@code #authenticate}) or the
 * server gave it ({@code #setAuthToken}), verified with the keys of every protocol, so its {@code sub} is the same
 * user a Centrifugo token names. The token's own {@code exp} ends the authenticated state (checked on every pong and
 * non-reserved event, as socketcluster-server does), even where connections never expire (development).
 */
final class ScAuth {
    /** socketcluster-server's authDefaultExpiry. */
    static final long DEFAULT_EXPIRY_SECONDS = 86_400;

    private final ScConnection c;
    private final ClientAccess access;
    // written on the loop only; volatile so that the application's threads read them (SocketClusterSocket)
    private volatile String signed;
    private volatile ConnectionToken token;
    private volatile String user = "";
    /** Authenticated by the connect proxy where the server cannot sign a token (no HMAC secret). */
    private volatile boolean proxiedUser;

    ScAuth(ScConnection c, ClientAccess access) {
        this.c = c;
        this.access = access;
    }

    String user() {
        return user;
    }

    boolean authenticated() {
        return token != null || proxiedUser;
    }

    String signedToken() {
        return signed;
    }

    /** The token in {@code #handshake}; the error to report when one was sent and failed, else null. */
    SocketClusterError handshake(String jwt) {
        if (jwt == null) return null;
        ConnectionAccess.Identity id = access.connection().authenticate(jwt, c.peer());
        if (id.outcome() == ConnectionAccess.Outcome.AUTHENTICATED) {
            set(jwt, id.token());
            return null;
        }
        return ScErrors.token(id.outcome() == ConnectionAccess.Outcome.ANONYMOUS ? ConnectionAccess.Outcome.NO_CREDENTIALS
                : id.outcome());
    }

    /** {@code #authenticate} with a signed token (a numeric cid is required, else 4008 as in socketcluster-server 18+). */
    void authenticate(Packet.Event e) {
        if (e.cid() == null) {
            c.close(4008);
            return;
        }
        String jwt = e.data() instanceof String s ? s : null;
        ConnectionAccess.Identity id = jwt == null || jwt.isEmpty() ? null : access.connection().authenticate(jwt, c.peer());
        if (id != null && id.outcome() == ConnectionAccess.Outcome.AUTHENTICATED) {
            set(jwt, id.token());
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("isAuthenticated", true);
            status.put("authError", null);
            c.send(ServerPackets.response(e.cid(), status));
            return;
        }
        // a bad token: the error, then #removeAuthToken (socketcluster-server's order for isBadToken errors)
        c.sendError(e.cid(), ScErrors.token(id == null ? ConnectionAccess.Outcome.NO_CREDENTIALS : id.outcome()));
        clear();
        c.send(ServerPackets.event("#removeAuthToken", ServerPackets.NO_DATA));
    }

    /**
     * The connect proxy named the user: the socket is that user and, as a socket whose token said so, authenticated.
     * Where the server can sign (an HMAC secret), it signs the socket a token ({@code sub}, the proxy's expiry or a
     * day, its info), returned for {@code #setAuthToken} after the handshake reply: the client then holds it as
     * socketcluster-client holds any, and reconnects with it. Returns that token, or null.
     */
    String proxied(String userId, long expireAt, byte[] info) {
        String newUser = userId == null ? "" : userId;
        if (newUser.isEmpty()) {
            if (!user.isEmpty()) c.userChanged(() -> user = "");
            return null;
        }
        if (access.signsTokens()) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("sub", newUser);
            long now = c.now() / 1000;
            claims.put("iat", now);
            claims.put("exp", expireAt > 0 ? expireAt : now + DEFAULT_EXPIRY_SECONDS);
            if (info != null) {
                String text = new String(info, java.nio.charset.StandardCharsets.UTF_8);
                claims.put("info", (io.switchboard.json.RawValue) () -> text);
            }
            String jwt = access.signConnectionToken(claims);
            ConnectionAccess.Identity id = access.connection().authenticate(jwt, c.peer());
            if (id.outcome() == ConnectionAccess.Outcome.AUTHENTICATED) {
                set(jwt, id.token());
                return jwt;
            }
        }
        proxiedUser = true;
        if (!newUser.equals(user)) c.userChanged(() -> user = newUser);
        return null;
    }

    /** The client dropped its token: the server forgets it, and sends nothing. */
    void removedByClient() {
        clear();
    }

    /**
     * The server signs a token over these claims (plus {@code iat}, and {@code exp} a day on unless given) with the
     * keys every protocol verifies, authenticates the socket with it and sends it: {@code #setAuthToken {token}}.
     */
    void setByServer(Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        long now = c.now() / 1000;
        all.putIfAbsent("iat", now);
        all.putIfAbsent("exp", now + DEFAULT_EXPIRY_SECONDS);
        String jwt;
        try {
            jwt = access.signConnectionToken(all);
        } catch (IllegalStateException | IllegalArgumentException e) {
            c.close(4002); // "Server failed to sign auth token"
            return;
        }
        ConnectionAccess.Identity id = access.connection().authenticate(jwt, c.peer());
        if (id.outcome() != ConnectionAccess.Outcome.AUTHENTICATED) {
            c.close(4002); // claims the verifier refuses (exp in the past, a malformed sub): not a token to hand out
            return;
        }
        set(jwt, id.token());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token", jwt);
        c.send(ServerPackets.event("#setAuthToken", data));
    }

    /** The server ends the authenticated state: {@code #removeAuthToken}. */
    void removeByServer() {
        clear();
        c.send(ServerPackets.event("#removeAuthToken", ServerPackets.NO_DATA));
    }

    /** An expired token ends the authenticated state: {@code #removeAuthToken}, the socket stays. */
    void checkExpiry() {
        if (token != null && token.expireAt() > 0 && access.channels().expired(token.expireAt())) removeByServer();
    }

    private void set(String jwt, ConnectionToken t) {
        signed = jwt;
        token = t;
        String newUser = t.userId() == null ? "" : t.userId();
        if (!newUser.equals(user)) c.userChanged(() -> user = newUser);
    }

    private void clear() {
        signed = null;
        token = null;
        proxiedUser = false;
        if (!user.isEmpty()) c.userChanged(() -> user = "");
    }

    void closed() {
        signed = null;
        token = null;
        proxiedUser = false;
    }
}
