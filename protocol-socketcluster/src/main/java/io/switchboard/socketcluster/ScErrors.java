package io.switchboard.socketcluster;

import io.switchboard.core.ClientError;
import io.switchboard.protocol.ConnectionAccess;

import java.util.Map;

/**
 * The error objects this endpoint sends, named as sc-errors names them where SocketCluster has a name, and every
 * core verdict turned into one in one place (see ARCHITECTURE.md, "How a verdict reads").
 */
final class ScErrors {
    private ScErrors() {
    }

    static SocketClusterError invalidAction(String message) {
        return new SocketClusterError("InvalidActionError", message);
    }

    static SocketClusterError broker(String message) {
        return new SocketClusterError("BrokerError", message);
    }

    /** A refused subscribe or publish: the core's code travels as {@code code}. */
    static SocketClusterError channel(ClientError e) {
        String name = switch (e.code()) {
            case 103 -> "ForbiddenChannelError";
            case 102 -> "UnknownChannelError";
            case 107 -> "InvalidChannelError";
            case 109 -> "AuthTokenExpiredError";
            default -> "ServerError";
        };
        return new SocketClusterError(name, e.message(), Map.of("code", e.code()));
    }

    /** A token that did not verify, as socketcluster-server maps jsonwebtoken's errors (all bad tokens). */
    static SocketClusterError token(ConnectionAccess.Outcome outcome) {
        return switch (outcome) {
            case TOKEN_EXPIRED -> new SocketClusterError("AuthTokenExpiredError", "jwt expired", Map.of("isBadToken", true));
            case NO_CREDENTIALS -> new SocketClusterError("AuthTokenInvalidError", "jwt must be provided", Map.of("isBadToken", true));
            default -> new SocketClusterError("AuthTokenInvalidError", "invalid token", Map.of("isBadToken", true));
        };
    }

    static final SocketClusterError AUTH_REQUIRED = new SocketClusterError("AuthError",
            "This server accepts only authenticated sockets: send a valid authToken in #handshake");

    static SocketClusterError noProcedure(String procedure) {
        return new SocketClusterError("UnknownProcedureError", "No handler for the " + procedure + " procedure");
    }

    static final SocketClusterError HANDLER_FAILED = new SocketClusterError("ServerError", "The procedure handler failed");
    static final SocketClusterError TIMEOUT = new SocketClusterError("TimeoutError", "Event response timed out");
    static final SocketClusterError DISCONNECTED = new SocketClusterError("BadConnectionError", "The socket is closed");
}
