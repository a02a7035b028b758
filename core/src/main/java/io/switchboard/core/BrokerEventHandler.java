package io.switchboard.core;

/** What a {@link Broker} calls when an event arrives for a channel this node subscribed to. */
public interface BrokerEventHandler {
    void onPublication(String channel, Publication publication, StreamPosition position);

    void onJoin(String channel, ClientInfo info);

    void onLeave(String channel, ClientInfo info);
}
