package io.switchboard.core;

/** A subscription the server API adds to a live connection: the channel info and data it carries. */
public record ServerSubscription(byte[] info, byte[] data) {
    public static final ServerSubscription EMPTY = new ServerSubscription(null, null);
}
