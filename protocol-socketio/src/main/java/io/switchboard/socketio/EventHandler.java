package io.switchboard.socketio;

import java.util.List;

/**
 * Handles one event of a socket on its event loop (never block there). {@code args} are plain Java values
 * (String, Integer/Long/BigInteger, Double, Boolean, null, Map, List, byte[]); {@code ack} is null unless the
 * client asked for an acknowledgement.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(List<Object> args, Ack ack);
}
