package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.Publication;

import java.util.List;
import java.util.Map;

/** The results a reply can carry, one record per command type, fields as in client.proto. */
public final class Results {
    private Results() {
    }

    public record Connect(String client, String version, boolean expires, long ttl, byte[] data,
                          Map<String, Subscribe> subs, long ping, boolean pong, String session, String node) {
    }

    /** @param publishDebounce milliseconds the client should debounce its publications to the channel, 0 for none */
    public record Subscribe(boolean expires, long ttl, boolean recoverable, String epoch,
                            List<Publication> publications, boolean recovered, long offset, boolean positioned,
                            byte[] data, boolean wasRecovering, boolean delta, long publishDebounce) {
        public Subscribe(boolean expires, long ttl, boolean recoverable, String epoch,
                         List<Publication> publications, boolean recovered, long offset, boolean positioned,
                         byte[] data, boolean wasRecovering, boolean delta) {
            this(expires, ttl, recoverable, epoch, publications, recovered, offset, positioned, data, wasRecovering,
                    delta, 0);
        }
    }

    public record History(List<Publication> publications, String epoch, long offset) {
    }

    public record Refresh(String client, String version, boolean expires, long ttl) {
    }

    public record SubRefresh(boolean expires, long ttl) {
    }
}
