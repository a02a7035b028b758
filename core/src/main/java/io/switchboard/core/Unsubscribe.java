package io.switchboard.core;

/** Why the server ends one subscription: below 2500 the client stays unsubscribed, from 2500 it resubscribes. */
public record Unsubscribe(int code, String reason) {
    public static final Unsubscribe SERVER = new Unsubscribe(2000, "server unsubscribe");
    public static final Unsubscribe INSUFFICIENT_STATE = new Unsubscribe(2500, "insufficient state");
    public static final Unsubscribe EXPIRED = new Unsubscribe(2501, "subscription expired");
}
