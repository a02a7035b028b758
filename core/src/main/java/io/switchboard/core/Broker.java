package io.switchboard.core;

import java.util.concurrent.CompletableFuture;

/**
 * Moves publications and join/leave events between nodes. {@link #publish} appends to the channel's
 * history when asked (atomically with sending, so offsets and delivery order agree) and reports the new
 * position; every node subscribed to the channel gets the event through its {@link BrokerEventHandler}.
 */
public interface Broker {
    void start(BrokerEventHandler handler);

    /**
     * @param withPrevious hand the channel's previous publication to subscribers too, so they can send a
     *                     delta against it (needs history)
     */
    CompletableFuture<StreamPosition> publish(String channel, Publication publication, HistoryOptions history,
                                              boolean withPrevious);

    CompletableFuture<Void> publishJoin(String channel, ClientInfo info);

    CompletableFuture<Void> publishLeave(String channel, ClientInfo info);

    /** Sends a command to every node, this one included; each gets it through {@link BrokerEventHandler#onControl}. */
    CompletableFuture<Void> publishControl(ControlCommand command);

    /**
     * This node has subscribers of the channel now: true when no other node had (the cluster's first). One
     * node alone is always the first.
     */
    default CompletableFuture<Boolean> occupy(String channel, String nodeUid) {
        return CompletableFuture.completedFuture(true);
    }

    /** This node has no subscribers of the channel any more: true when no other node has (the cluster's last). */
    default CompletableFuture<Boolean> vacate(String channel, String nodeUid) {
        return CompletableFuture.completedFuture(true);
    }

    /** This node wants the channel's events (called on its first local subscriber). */
    CompletableFuture<Void> subscribe(String channel);

    /** This node no longer wants the channel's events (called after its last local subscriber left). */
    CompletableFuture<Void> unsubscribe(String channel);

    default void close() {
    }
}
