package io.switchboard.core;

/** The three engine parts a node needs; one implementation may serve all three. */
public record Engine(Broker broker, HistoryStore historyStore, PresenceStore presenceStore) {
    public static Engine of(Object all) {
        return new Engine((Broker) all, (HistoryStore) all, (PresenceStore) all);
    }
}
