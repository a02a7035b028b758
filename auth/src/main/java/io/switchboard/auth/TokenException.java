package io.switchboard.auth;

/** A token that must not be accepted; {@link Kind#EXPIRED} tells the client to fetch a fresh one. */
public final class TokenException extends Exception {
    public enum Kind { INVALID, EXPIRED }

    private final Kind kind;

    public TokenException(Kind kind, String message) {
        // No stack trace: bad tokens are routine input, not bugs.
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static TokenException invalid(String message) {
        return new TokenException(Kind.INVALID, message);
    }

    static TokenException expired() {
        return new TokenException(Kind.EXPIRED, "token expired");
    }
}
