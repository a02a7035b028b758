package io.switchboard.protocol;

import io.switchboard.auth.ConnectionToken;
import io.switchboard.auth.TokenException;
import io.switchboard.auth.TokenVerifier;

import java.time.Clock;

/**
 * Who a connection is, for every protocol: the connection JWT it presents (Centrifugo's claims), or anonymous
 * where allowed. One decision; each protocol reads the outcome its own way (Centrifugo closes with 3501 or 3500
 * or answers 109, Socket.IO refuses the namespace with {@code connect_error}): see ARCHITECTURE.md.
 */
public final class ConnectionAccess {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConnectionAccess.class);
    public enum Outcome { AUTHENTICATED, ANONYMOUS, NO_CREDENTIALS, INVALID_TOKEN, TOKEN_EXPIRED }

    /** The outcome and, when authenticated, the token; {@code expireAt} is 0 when the connection never expires. */
    public record Identity(Outcome outcome, ConnectionToken token, long expireAt) {
        public boolean accepted() {
            return outcome == Outcome.AUTHENTICATED || outcome == Outcome.ANONYMOUS;
        }

        public String user() {
            return token == null ? "" : token.userId();
        }

        static Identity of(Outcome o) {
            return new Identity(o, null, 0);
        }
    }

    private final TokenVerifier tokens;
    private final Clock clock;
    private final boolean allowAnonymous;
    private final boolean insecure;

    ConnectionAccess(TokenVerifier tokens, Clock clock, boolean allowAnonymous, boolean insecure) {
        this.tokens = tokens;
        this.clock = clock;
        this.allowAnonymous = allowAnonymous;
        this.insecure = insecure;
    }

    /** {@link #authenticate(String)}, logging a refused token at info with the client's address. */
    public Identity authenticate(String jwt, String peer) {
        Identity id = authenticate(jwt);
        if (id.outcome() == Outcome.INVALID_TOKEN || id.outcome() == Outcome.TOKEN_EXPIRED) {
            log.info("refused connection token from {}: {}", peer,
                    id.outcome() == Outcome.INVALID_TOKEN ? "invalid" : "expired");
        }
        return id;
    }

    /** A connect with this token (null or empty: none). */
    public Identity authenticate(String jwt) {
        if (jwt == null || jwt.isEmpty()) {
            return Identity.of(allowAnonymous || insecure ? Outcome.ANONYMOUS : Outcome.NO_CREDENTIALS);
        }
        ConnectionToken token;
        try {
            token = tokens.verifyConnectionToken(jwt);
        } catch (TokenException e) {
            return Identity.of(e.kind() == TokenException.Kind.EXPIRED ? Outcome.TOKEN_EXPIRED : Outcome.INVALID_TOKEN);
        }
        if (insecure) return new Identity(Outcome.AUTHENTICATED, token, 0); // development: nothing expires
        if (Expiry.passed(token.expireAt(), clock)) return Identity.of(Outcome.TOKEN_EXPIRED);
        return new Identity(Outcome.AUTHENTICATED, token, token.expireAt());
    }

    /**
     * A refresh with a new token for a connection of {@code user}: INVALID_TOKEN also when the token is
     * someone else's.
     */
    public Identity refresh(String user, String jwt) {
        if (jwt == null || jwt.isEmpty()) return Identity.of(Outcome.INVALID_TOKEN);
        Identity id = authenticate(jwt);
        if (id.outcome() == Outcome.AUTHENTICATED && !id.user().equals(user)) return Identity.of(Outcome.INVALID_TOKEN);
        return id;
    }

    /** How long until an authenticated connection's token expires, on the verifier's clock. */
    public long millisUntilExpiry(Identity who) {
        return Expiry.millisUntil(who.expireAt(), clock);
    }

    public boolean insecure() {
        return insecure;
    }
}
