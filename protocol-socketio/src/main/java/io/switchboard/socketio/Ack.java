package io.switchboard.socketio;

/** Answers one event that asked for an acknowledgement; only the first call sends. Any thread. */
@FunctionalInterface
public interface Ack {
    void send(Object... args);
}
