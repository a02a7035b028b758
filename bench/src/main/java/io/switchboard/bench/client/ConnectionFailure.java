package io.switchboard.bench.client;

/** Why a connection never reached its subscription. Carries no stack trace: thousands may fail at once. */
public final class ConnectionFailure extends RuntimeException {
    public ConnectionFailure(String reason) {
        super(reason, null, false, false);
    }
}
