package io.switchboard.core;

/**
 * What part of a stream to read. {@code limit} 0 asks only for the current position, a negative limit for
 * everything up to the node's maximum; {@code since} (nullable) starts after that position.
 */
public record HistoryFilter(StreamPosition since, int limit, boolean reverse) {
    public static final HistoryFilter POSITION_ONLY = new HistoryFilter(null, 0, false);
}
