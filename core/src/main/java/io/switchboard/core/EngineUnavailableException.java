package io.switchboard.core;

/**
 * The engine cannot reach what it stores in right now (Redis is down or unreachable): the call failed, nothing
 * was done, and a later one may succeed. Clients and the server API hear Centrifugo's internal error (100).
 */
public final class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
