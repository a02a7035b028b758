package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.StreamPosition;

import java.util.Map;

/** The requests a client {@link Command} can carry, one record per command type, fields as in client.proto. */
public final class Requests {
    private Requests() {
    }

    public record Connect(String token, byte[] data, Map<String, Subscribe> subs, String name, String version,
                          Map<String, String> headers) {
    }

    public record Subscribe(String channel, String token, boolean recover, String epoch, long offset, byte[] data,
                            boolean positioned, boolean recoverable, boolean joinLeave, String delta) {
        public StreamPosition since() {
            return new StreamPosition(offset, epoch);
        }
    }

    /** unsubscribe, presence and presence_stats: just a channel. */
    public record ChannelOnly(String channel) {
    }

    public record Publish(String channel, byte[] data) {
    }

    public record History(String channel, int limit, StreamPosition since, boolean reverse) {
    }

    public record Rpc(byte[] data, String method) {
    }

    public record Send(byte[] data) {
    }

    public record Refresh(String token) {
    }

    public record SubRefresh(String channel, String token) {
    }

    /** A POST to /emulation: commands for the session whose stream carries the replies. */
    public record Emulation(String node, String session, byte[] data) {
    }
}
