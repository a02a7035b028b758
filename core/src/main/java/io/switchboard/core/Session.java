package io.switchboard.core;

/**
 * One connected client as the core sees it. Delivery methods are called from any thread and must never
 * block: an implementation queues the event for its connection's own thread, and disconnects itself with
 * {@link Disconnect#SLOW} when its bounded queue overflows.
 */
public interface Session {
    String clientId();

    /** The authenticated user, "" for anonymous connections. */
    String userId();

    /**
     * A short name of the client protocol this session speaks ("centrifugo", "socketio", ...), a label of this
     * node's metrics only: the core never branches on it.
     */
    default String protocol() {
        return "";
    }

    /**
     * Where publications, joins and leaves delivered to this session are counted: one count shared by every session
     * of its protocol and transport, the same object for the session's life. The hub adds a channel's subscribers of
     * each count once per publication, so the per-subscriber delivery path does nothing for metrics.
     */
    default Meters.Count deliveries() {
        return Meters.Count.NONE;
    }

    void deliver(PreparedPublication publication);

    void deliverJoin(String channel, ClientInfo info);

    void deliverLeave(String channel, ClientInfo info);

    void disconnect(Disconnect disconnect);

    /** The server API subscribes this connection to a channel. */
    default void serverSubscribe(String channel, ServerSubscription subscription) {
    }

    /** The server API (or the node) ends one of this connection's subscriptions. */
    default void serverUnsubscribe(String channel, Unsubscribe unsubscribe) {
    }

    /**
     * Publications of a channel this session subscribes to were lost on their way to this node (its broker
     * dropped them): the session should recover them from history or tell its client it could not.
     */
    default void positionLost(String channel) {
    }

    /** Bytes of deliveries waiting for this connection's event loop (0 for a session that queues nothing). */
    default long queuedBytes() {
        return 0;
    }

    /** The server API refreshes this connection: a new expiry (unix seconds, 0 = never) or expired now. */
    default void serverRefresh(boolean expired, long expireAt) {
    }
}
