package io.switchboard.core;

/** What a {@link Broker} calls when an event arrives for a channel this node subscribed to. */
public interface BrokerEventHandler {
    /** @param previous the channel's publication before this one when the publish asked for delta, else null */
    void onPublication(String channel, Publication publication, StreamPosition position, Publication previous);

    void onJoin(String channel, ClientInfo info);

    void onLeave(String channel, ClientInfo info);

    /** A command for this node's sessions, from any node (this one included). */
    default void onControl(ControlCommand command) {
    }
}
