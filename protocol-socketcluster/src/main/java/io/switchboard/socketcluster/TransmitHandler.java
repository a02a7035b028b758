package io.switchboard.socketcluster;

/**
 * Handles a transmit (an event without a cid) on the socket's event loop (never block there). {@code data} is a plain
 * Java value: Map, List, String, Long/BigInteger, Double, Boolean or null.
 */
@FunctionalInterface
public interface TransmitHandler {
    void handle(Object data);
}
