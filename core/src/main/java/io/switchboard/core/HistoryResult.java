package io.switchboard.core;

import java.util.List;

/** Publications read from a stream and the stream's current top position. */
public record HistoryResult(StreamPosition position, List<Publication> publications) {
    public HistoryResult {
        publications = List.copyOf(publications);
    }
}
