package io.switchboard.core;

import java.util.Map;

/**
 * One message in a channel. {@code offset} is 0 for channels without history; {@code info} is null for
 * publications from the server API; {@code time} is unix milliseconds, 0 when not stamped. {@code excludedClient}
 * names the one connection (by its client id) that must not receive it, as Pusher's trigger {@code socket_id}
 * asks; null for none. It steers delivery only: no protocol shows it to subscribers or in history. {@code key}
 * names the entry of a map channel it sets ({@code removed}: removes), null on a stream channel.
 */
public record Publication(long offset, byte[] data, ClientInfo info, Map<String, String> tags, long time,
                          String excludedClient, String key, boolean removed) {
    public Publication {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (data == null) throw new IllegalArgumentException("publication data is required");
    }

    public Publication(long offset, byte[] data, ClientInfo info, Map<String, String> tags, long time) {
        this(offset, data, info, tags, time, null);
    }

    public Publication(long offset, byte[] data, ClientInfo info, Map<String, String> tags, long time,
                       String excludedClient) {
        this(offset, data, info, tags, time, excludedClient, null, false);
    }

    public Publication withOffset(long newOffset) {
        return new Publication(newOffset, data, info, tags, time, excludedClient, key, removed);
    }

    /** Whether the connection with this client id is the one the publication skips. */
    public boolean excludes(String clientId) {
        return excludedClient != null && excludedClient.equals(clientId);
    }
}
