package io.switchboard.core;

/** A place in a channel's history stream: the offset of the last publication and the stream's epoch. */
public record StreamPosition(long offset, String epoch) {
    public static final StreamPosition NONE = new StreamPosition(0, "");

    public StreamPosition {
        epoch = epoch == null ? "" : epoch;
    }
}
