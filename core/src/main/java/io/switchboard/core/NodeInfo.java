package io.switchboard.core;

/** What the {@code info} API reports about this node. */
public record NodeInfo(String uid, String name, String version, int numClients, int numUsers, int numChannels,
                       long uptimeSeconds) {
}
