package io.switchboard.core;

/** What the {@code info} API reports about a node; {@code numSubs} counts its connections' subscriptions. */
public record NodeInfo(String uid, String name, String version, int numClients, int numUsers, int numChannels,
                       long uptimeSeconds, long numSubs) {
}
