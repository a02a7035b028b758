package io.switchboard.centrifugo.internal.codec;

import io.switchboard.centrifugo.internal.filter.FilterNode;
import io.switchboard.core.StreamPosition;

import java.util.List;
import java.util.Map;

/** The requests a client {@link Command} can carry, one record per command type, fields as in client.proto. */
public final class Requests {
    private Requests() {
    }

    public record Connect(String token, byte[] data, Map<String, Subscribe> subs, String name, String version,
                          Map<String, String> headers) {
    }

    /**
     * @param tf     the tags filter, or null
     * @param flag   subscription features: {@link #FLAG_CHANNEL_COMPACTION}, {@link #FLAG_REJECT_UNRECOVERED}
     * @param type   0 for a stream subscription; map subscriptions and shared poll use others
     * @param phase  map subscriptions: 0 live, 1 stream, 2 state; {@code cursor}, {@code limit}, {@code asc} page it
     */
    public record Subscribe(String channel, String token, boolean recover, String epoch, long offset, byte[] data,
                            boolean positioned, boolean recoverable, boolean joinLeave, String delta,
                            FilterNode tf, long flag, int type, int phase, String cursor, int limit, boolean asc) {
        /** Pushes may name the channel by a numeric id (not served: the reply carries no id, so names stay). */
        public static final long FLAG_CHANNEL_COMPACTION = 1;
        /** Recovery that cannot recover is answered with error 112 instead of a subscription without it. */
        public static final long FLAG_REJECT_UNRECOVERED = 2;

        public Subscribe(String channel, String token, boolean recover, String epoch, long offset, byte[] data,
                         boolean positioned, boolean recoverable, boolean joinLeave, String delta) {
            this(channel, token, recover, epoch, offset, data, positioned, recoverable, joinLeave, delta,
                    null, 0, 0, 0, "", 0, false);
        }

        public Subscribe {
            cursor = cursor == null ? "" : cursor;
        }

        public StreamPosition since() {
            return new StreamPosition(offset, epoch);
        }

        public boolean rejectUnrecovered() {
            return (flag & FLAG_REJECT_UNRECOVERED) != 0;
        }

        /** The same request for a channel named elsewhere (the key of the connect request's {@code subs}). */
        public Subscribe onChannel(String channel) {
            return new Subscribe(channel, token, recover, epoch, offset, data, positioned, recoverable, joinLeave,
                    delta, tf, flag, type, phase, cursor, limit, asc);
        }
    }

    /** unsubscribe, presence and presence_stats: just a channel. */
    public record ChannelOnly(String channel) {
    }

    /** @param type 0 a publication, 1 a map change of entry {@code key} ({@code removed}: its removal) */
    public record Publish(String channel, byte[] data, int type, String key, boolean removed) {
        public Publish(String channel, byte[] data) {
            this(channel, data, 0, "", false);
        }

        public Publish {
            key = key == null ? "" : key;
        }
    }

    public record History(String channel, int limit, StreamPosition since, boolean reverse) {
    }

    public record Rpc(byte[] data, String method) {
    }

    public record Send(byte[] data) {
    }

    public record Refresh(String token) {
    }

    /**
     * @param type    0 a subscription token refresh; 1 a shared poll track of {@code track}'s batches (and {@code untrack}
     *                first), 2 an untrack of {@code untrack}
     */
    public record SubRefresh(String channel, String token, int type, List<TrackBatch> track, List<String> untrack) {
        public SubRefresh(String channel, String token) {
            this(channel, token, 0, List.of(), List.of());
        }
    }

    /** Keys a signature covers, each with the version the client holds (0: none). */
    public record TrackBatch(String signature, List<KeyedItem> items) {
    }

    public record KeyedItem(String key, long version) {
    }

    /** A POST to /emulation: commands for the session whose stream carries the replies. */
    public record Emulation(String node, String session, byte[] data) {
    }
}
