package io.switchboard.socketio;

import io.switchboard.core.Disconnect;
import io.switchboard.protocol.ConnectionAccess;

import java.util.Map;

/**
 * Who a socket is, from the connection JWT it presents (Centrifugo's claims): {@code auth.token}, or the
 * {@code token} query parameter that 2.x clients send. The decision is the shared one; this reads it in Socket.IO's
 * terms ({@code connect_error} with a code). A socket whose token expires is disconnected so that it reconnects
 * with a new one.
 */
final class TokenAuth implements Middleware {
    private final ConnectionAccess access;

    TokenAuth(ConnectionAccess access) {
        this.access = access;
    }

    @Override
    public void handle(SocketIoSocket socket, Next next) {
        Object token = socket.handshake().auth().get("token");
        if (token == null) token = socket.handshake().query().get("token");
        if (token != null && !(token instanceof String)) {
            next.reject(new ConnectError("invalid token", Map.of("code", 3500)));
            return;
        }
        ConnectionAccess.Identity who = access.authenticate((String) token, socket.handshake().address());
        switch (who.outcome()) {
            case NO_CREDENTIALS -> next.reject(new ConnectError("unauthorized", Map.of("code", 101)));
            case INVALID_TOKEN -> next.reject(new ConnectError("invalid token", Map.of("code", 3500)));
            case TOKEN_EXPIRED -> next.reject(new ConnectError("token expired", Map.of("code", 109)));
            case ANONYMOUS -> next.accept();
            case AUTHENTICATED -> {
                socket.user(who.user());
                if (who.expireAt() > 0) {
                    long delayMs = access.millisUntilExpiry(who);
                    socket.expiry = socket.conn.loop().schedule(delayMs, () -> socket.disconnect(Disconnect.EXPIRED));
                }
                next.accept();
            }
        }
    }
}
