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

    /**
     * The answer to a map subscription's subscribe ({@code type} echoes the request's): {@code phase} 0 (live: subscribed, {@code base}'s
     * publications are the changes since the client's position), or 2 (a page of the state, more after {@code cursor}).
     */
    public record MapSubscribe(Subscribe base, int type, int phase, String cursor, List<Publication> state) {
        public static final int PHASE_LIVE = 0;
        public static final int PHASE_STREAM = 1;
        public static final int PHASE_STATE = 2;
    }

    public record History(List<Publication> publications, String epoch, long offset) {
    }

    public record Refresh(String client, String version, boolean expires, long ttl) {
    }

    public record SubRefresh(boolean expires, long ttl) {
    }

    /**
     * A shared poll item as the client sees it: {@code version} 0 in the versionless mode; a removal has no data.
     */
    public record PollItem(String key, byte[] data, long version, boolean removed) {
    }

    /** The answer to a shared poll track: the signatures' expiry and the items the client is behind on. */
    public record Tracked(boolean expires, long ttl, List<PollItem> items) {
    }
}
