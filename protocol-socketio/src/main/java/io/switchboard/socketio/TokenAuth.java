package io.switchboard.socketio;

import io.switchboard.auth.ConnectionToken;
import io.switchboard.auth.TokenException;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.core.Disconnect;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Who a socket is, from the connection JWT it presents (Centrifugo's claims): {@code auth.token}, or the
 * {@code token} query parameter that 2.x clients send. Without a token the socket is anonymous, if anonymous
 * connections are allowed. A socket whose token expires is disconnected so that it reconnects with a new one.
 */
final class TokenAuth implements Middleware {
    private final TokenVerifier verifier;
    private final boolean allowAnonymous;

    TokenAuth(TokenVerifier verifier, boolean allowAnonymous) {
        this.verifier = verifier;
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public void handle(SocketIoSocket socket, Next next) {
        Object token = socket.handshake().auth().get("token");
        if (token == null) token = socket.handshake().query().get("token");
        if (token == null || "".equals(token)) {
            if (allowAnonymous) next.accept();
            else next.reject(new ConnectError("unauthorized", Map.of("code", 101)));
            return;
        }
        if (!(token instanceof String jwt)) {
            next.reject(new ConnectError("invalid token", Map.of("code", 3500)));
            return;
        }
        ConnectionToken verified;
        try {
            verified = verifier.verifyConnectionToken(jwt);
        } catch (TokenException e) {
            boolean expired = e.kind() == TokenException.Kind.EXPIRED;
            next.reject(new ConnectError(expired ? "token expired" : "invalid token", Map.of("code", expired ? 109 : 3500)));
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        if (verified.expireAt() > 0 && verified.expireAt() <= now) {
            next.reject(new ConnectError("token expired", Map.of("code", 109)));
            return;
        }
        socket.user(verified.userId());
        if (verified.expireAt() > 0) {
            socket.expiry = socket.conn.engine().eventLoop().schedule(() -> socket.disconnect(Disconnect.EXPIRED),
                    verified.expireAt() - now, TimeUnit.SECONDS);
        }
        next.accept();
    }
}
