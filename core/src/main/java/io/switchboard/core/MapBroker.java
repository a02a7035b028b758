package io.switchboard.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where map channels (Centrifugo's map subscriptions) live: {@link MapChannels} in this node's memory, or an
 * engine shared by many nodes (Redis). A change reaches the subscribers of every node sharing the broker; a state
 * read is one cut (its entries and the position they stand at).
 */
public interface MapBroker {
    /** The entries at one position. */
    record State(List<Publication> entries, StreamPosition position) {
    }

    /** Sets ({@code removed} false) or removes one entry; a removal of a key not there changes nothing. */
    CompletableFuture<StreamPosition> publish(String channel, MapOptions o, String key, byte[] data, ClientInfo info,
                                              Map<String, String> tags, boolean removed);

    /** Keeps an expiring entry for another {@code ttl} without a change (a presence entry still present). */
    CompletableFuture<Void> touch(String channel, MapOptions o, String key, Duration ttl);

    CompletableFuture<State> state(String channel, MapOptions o);

    /** The changes after {@code since}: recovered when the stream still has each of them, in this epoch. */
    CompletableFuture<RecoveryResult> since(String channel, MapOptions o, StreamPosition since);

    /**
     * Reads the stream: forward the changes after {@code sinceOffset}; {@code reverse} from the newest down (below
     * {@code sinceOffset} when it is not 0); at most {@code limit} (0: all the stream keeps).
     */
    CompletableFuture<HistoryResult> stream(String channel, MapOptions o, long sinceOffset, int limit, boolean reverse);

    /** Forgets the channel's entries, stream and position (the next change starts a new epoch). */
    CompletableFuture<Void> clear(String channel, MapOptions o);

    default void stop() {
    }
}
