package io.switchboard.centrifugo;

import io.switchboard.core.ChannelOptions;
import io.switchboard.core.PreparedPublication;

import java.util.ArrayList;
import java.util.List;

/**
 * One channel subscription of one connection. While {@code subscribing}, publications are held back so
 * that the subscribe reply (with any recovered publications) goes first; afterwards {@code offset}
 * filters out what recovery already sent. Touched only by the connection's event loop.
 */
final class ClientSubscription {
    final String channel;
    final ChannelOptions options;
    final byte[] chanInfo;
    final boolean serverSide;
    boolean subscribing = true;
    boolean positioned;
    boolean pushJoinLeave;
    long offset;
    String epoch = "";
    long expireAt;
    /** Fossil delta negotiated; {@code deltaBase}: the client holds the data of publication {@code offset}. */
    boolean delta;
    boolean deltaBase;
    private List<PreparedPublication> held;

    ClientSubscription(String channel, ChannelOptions options, byte[] chanInfo, boolean serverSide) {
        this.channel = channel;
        this.options = options;
        this.chanInfo = chanInfo;
        this.serverSide = serverSide;
    }

    void hold(PreparedPublication pub) {
        if (held == null) held = new ArrayList<>();
        held.add(pub);
    }

    List<PreparedPublication> releaseHeld() {
        List<PreparedPublication> out = held == null ? List.of() : held;
        held = null;
        return out;
    }
}
