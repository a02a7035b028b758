package io.switchboard.core;

/** How many connections and distinct users are present in a channel. */
public record PresenceStats(int numClients, int numUsers) {
}
