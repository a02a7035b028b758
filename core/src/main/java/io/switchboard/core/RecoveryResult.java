package io.switchboard.core;

import java.util.List;

/**
 * The outcome of a subscribe that asked to recover: the stream's position, whether everything missed
 * since the client's position could be returned, and those publications (empty unless recovered).
 */
public record RecoveryResult(StreamPosition position, boolean recovered, List<Publication> publications) {
    public RecoveryResult {
        publications = List.copyOf(publications);
    }
}
