package io.switchboard.pusher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's Pusher members by presence channel and user, counted by connection, so that a user's first
 * connection in a channel is its member_added webhook and its last one its member_removed, however many of its
 * connections come and go at once. Across nodes, the connection also checks the cluster's presence for the
 * user's connections elsewhere (two nodes adding one user at the same instant may both, or neither, tell).
 */
final class PresenceUsers {
    private final Map<String, Integer> connections = new ConcurrentHashMap<>();

    private static String key(String coreChannel, String user) {
        return coreChannel + '\n' + user;
    }

    /** Whether this connection made the user a member. */
    boolean added(String coreChannel, String user) {
        return connections.merge(key(coreChannel, user), 1, Integer::sum) == 1;
    }

    /** Whether this connection was the user's last in the channel. */
    boolean removed(String coreChannel, String user) {
        boolean[] last = {false};
        connections.computeIfPresent(key(coreChannel, user), (k, n) -> {
            if (n > 1) return n - 1;
            last[0] = true;
            return null;
        });
        return last[0];
    }
}
